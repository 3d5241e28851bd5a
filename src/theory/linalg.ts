/**
 * Small dense symmetric linear algebra in f64 for the kernels of a training set (a few to a
 * few hundred points): the eigendecomposition by cyclic Jacobi rotations (accurate to
 * rounding for every eigenvalue, small ones included, which the trained-ensemble formulas
 * divide by), and the products those formulas need. Matrices are arrays of rows.
 *
 *   const { values, vectors } = symmetricEigen(A);   // A = V diag(values) V^T, vectors[i][j] = V_ij
 */
export type Matrix = number[][];

export const zeros = (rows: number, cols: number): Matrix =>
  Array.from({ length: rows }, () => new Array<number>(cols).fill(0));

export function matmul(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): Matrix {
  const n = a.length;
  const m = b[0]?.length ?? 0;
  const inner = b.length;
  const out = zeros(n, m);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < inner; k++) {
      const aik = a[i][k];
      if (aik === 0) continue;
      const bk = b[k];
      const oi = out[i];
      for (let j = 0; j < m; j++) oi[j] += aik * bk[j];
    }
  return out;
}

export function transpose(a: readonly (readonly number[])[]): Matrix {
  const rows = a.length;
  const cols = a[0]?.length ?? 0;
  const out = zeros(cols, rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j][i] = a[i][j];
  return out;
}

export function matvec(a: readonly (readonly number[])[], x: readonly number[]): number[] {
  return a.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
}

/** V diag(d) V^T for eigenvectors in the columns of V. */
export function fromEigen(vectors: readonly (readonly number[])[], d: readonly number[]): Matrix {
  const n = vectors.length;
  const out = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d.length; k++) s += vectors[i][k] * d[k] * vectors[j][k];
      out[i][j] = out[j][i] = s;
    }
  return out;
}

export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  values: number[];
  /** Eigenvectors in the columns: vectors[i][k] is component i of eigenvector k. */
  vectors: Matrix;
}

/**
 * Eigendecomposition of a symmetric matrix by cyclic Jacobi rotations, until every
 * off-diagonal element is below 1e-15 of the Frobenius norm (quadratic convergence: a
 * handful of sweeps). Only the upper triangle's symmetry is assumed, not checked: the
 * matrix is symmetrized first.
 */
export function symmetricEigen(input: readonly (readonly number[])[]): SymmetricEigen {
  const n = input.length;
  const a = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i][j] = 0.5 * (input[i][j] + input[j][i]);
  const v = zeros(n, n);
  for (let i = 0; i < n; i++) v[i][i] = 1;
  let frob = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) frob += a[i][j] * a[i][j];
  const tol = 1e-15 * Math.sqrt(frob);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off = Math.max(off, Math.abs(a[p][q]));
    if (off <= tol) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p][q];
        if (Math.abs(apq) <= tol * 1e-3) continue;
        // Rotation angle that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1), the smaller root for stability.
        const theta = (a[q][q] - a[p][p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i][i] - a[j][j]);
  return {
    values: order.map((i) => a[i][i]),
    vectors: v.map((row) => order.map((i) => row[i])),
  };
}

/** Lower-triangular L with A = L L^T, for a symmetric positive semi-definite A (zero columns where a pivot vanishes). */
export function cholesky(a: readonly (readonly number[])[]): Matrix {
  const n = a.length;
  const l = zeros(n, n);
  for (let j = 0; j < n; j++) {
    let d = a[j][j];
    for (let k = 0; k < j; k++) d -= l[j][k] * l[j][k];
    const scale = Math.abs(a[j][j]) || 1;
    if (d <= 1e-14 * scale) continue;
    const ljj = Math.sqrt(d);
    l[j][j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / ljj;
    }
  }
  return l;
}
