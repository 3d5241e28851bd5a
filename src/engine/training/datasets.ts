/**
 * Training sets, deterministic and built in, or a user's CSV; and the test inputs a trained
 * ensemble is evaluated at. DOM-free; the command line reads the file and passes its text.
 *
 *   const d = dataset('circle:3:12');          // 12 points on the unit circle, y = cos 3 phi
 *   const u = parseDatasetCsv(text, 'mine.csv'); // columns x1..xd, y
 *   const t = testAngles(d, '0,0.5,1');        // test inputs at those angles (radians)
 */
export interface Dataset {
  /** 'circle6', 'circle:2:8', 'sine6', or the CSV's file name. */
  name: string;
  /** N inputs of d components each. */
  x: number[][];
  y: number[];
  /** Points on the unit circle (test inputs may be given as angles). */
  circle: boolean;
}

/** Most training points a run takes: the kernels are N x N and every network logs N outputs per step. */
export const MAX_TRAINING_POINTS = 512;
/** Most input components. */
export const MAX_INPUT_DIMENSION = 4096;

export class DatasetError extends Error {}

export const BUILT_IN_DATASETS = ['circle6', 'circle:M:K', 'sine6'] as const;

function onCircle(phi: number[], target: (phi: number) => number, name: string): Dataset {
  return { name, x: phi.map((p) => [Math.cos(p), Math.sin(p)]), y: phi.map(target), circle: true };
}

/** A built-in data set by name; a DatasetError naming the choices for anything else. */
export function dataset(name: string): Dataset {
  if (name === 'circle6')
    return onCircle(
      Array.from({ length: 6 }, (_, k) => (k * Math.PI) / 3),
      (p) => Math.cos(2 * p),
      name,
    );
  if (name === 'sine6') {
    const x = [-5 / 6, -1 / 2, -1 / 6, 1 / 6, 1 / 2, 5 / 6];
    return { name, x: x.map((v) => [v]), y: x.map((v) => Math.sin(Math.PI * v)), circle: false };
  }
  const m = /^circle:(-?\d+):(\d+)$/.exec(name);
  if (m) {
    const M = Number(m[1]);
    const K = Number(m[2]);
    if (K < 1 || K > MAX_TRAINING_POINTS)
      throw new DatasetError(`${name}: K, the number of points, must be 1 to ${MAX_TRAINING_POINTS}`);
    return onCircle(
      Array.from({ length: K }, (_, k) => (2 * Math.PI * k) / K),
      (p) => Math.cos(M * p),
      name,
    );
  }
  throw new DatasetError(
    `unknown data set '${name}': use circle6, circle:M:K (K points on the circle, y = cos M phi), sine6, or a CSV file`,
  );
}

/**
 * A CSV of training points: columns x1..xd then y, one point per line; an optional header line
 * (any non-numeric first line), '#' comments and blank lines skipped. Every problem names its line.
 */
export function parseDatasetCsv(text: string, name: string): Dataset {
  const x: number[][] = [];
  const y: number[] = [];
  let width = -1;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(/\s*[,;\t]\s*/);
    const values = cells.map((c) => (c === '' ? NaN : Number(c)));
    const at = `${name}, line ${i + 1}`;
    if (values.some((v) => Number.isNaN(v))) {
      if (width === -1 && x.length === 0 && values.every((v) => Number.isNaN(v))) continue; // header
      const bad = cells[values.findIndex((v) => Number.isNaN(v))];
      throw new DatasetError(`${at}: '${bad}' is not a number`);
    }
    if (values.some((v) => !Number.isFinite(v))) throw new DatasetError(`${at}: values must be finite`);
    if (values.length < 2)
      throw new DatasetError(`${at}: a point needs at least one input column and the target y`);
    if (width === -1) width = values.length;
    else if (values.length !== width)
      throw new DatasetError(
        `${at}: ${values.length} columns where the first point has ${width} (x1..x${width - 1}, y)`,
      );
    if (width - 1 > MAX_INPUT_DIMENSION)
      throw new DatasetError(`${at}: more than ${MAX_INPUT_DIMENSION} input columns`);
    x.push(values.slice(0, -1));
    y.push(values[values.length - 1]);
    if (x.length > MAX_TRAINING_POINTS)
      throw new DatasetError(`${name}: more than ${MAX_TRAINING_POINTS} training points`);
  }
  if (x.length === 0) throw new DatasetError(`${name}: no data rows (columns x1..xd, y)`);
  return { name, x, y, circle: false };
}

/** Test inputs from 'x1,x2;x1,x2;...', each with the data set's input dimension. */
export function parseTestPoints(text: string, d: Dataset): number[][] {
  const dim = d.x[0].length;
  return text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p, i) => {
      const v = p.split(',').map((c) => Number(c.trim()));
      if (v.length !== dim || v.some((c) => !Number.isFinite(c)))
        throw new DatasetError(
          `test point ${i + 1} '${p}': needs ${dim} finite number${dim === 1 ? '' : 's'} (the data set's inputs have ${dim})`,
        );
      return v;
    });
}

/** Test inputs at angles (radians) on the unit circle, for circle data sets. */
export function testAngles(d: Dataset, text: string): number[][] {
  if (!d.circle)
    throw new DatasetError(`--test-angles needs a circle data set; ${d.name} is not one (use --test-points)`);
  return text
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '')
    .map((a) => {
      const phi = Number(a);
      if (!Number.isFinite(phi)) throw new DatasetError(`test angle '${a}' is not a number`);
      return [Math.cos(phi), Math.sin(phi)];
    });
}
