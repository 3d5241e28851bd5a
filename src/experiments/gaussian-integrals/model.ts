/**
 * The "Gaussian integrals" experiment without a DOM: samples of the 2-D Gaussian N(0, K) from
 * the counter-based generator (random/bivariate.ts), and the sample mean of the chosen moment
 * z1^p z2^q (q = 2m - p) with its standard error at N = 10, 20, 50, 100, ... up to the
 * samples asked for, against Wick's exact value (theory/wick.ts); the first samples for the
 * scatter, and how many fall inside the 1- and 2-sigma ellipses. Chunked, so that a worker
 * streams snapshots and a cancel lands between chunks.
 *
 *   const final = await runGaussianIntegrals(state, (snap) => draw(snap), signal, checkpoint);
 */
import { abortError } from '../../engine/types.ts';
import { fillBivariate } from '../../random/bivariate.ts';
import { Moments } from '../../stats/moments.ts';
import { mahalanobis2 } from '../../theory/gaussian-integral.ts';
import { bivariateMoment, doubleFactorial, productVariance } from '../../theory/wick.ts';
import { covarianceOf, type GaussianIntegralsState } from './state.ts';

/** The sample mean of z1^p z2^q after the first `n` samples. */
export interface MomentPoint {
  n: number;
  mean: number;
  /** From the sample's own variance of z1^p z2^q: sqrt(s^2 / n). */
  se: number;
}

export interface GaussianSnapshot {
  progress: number;
  /** Samples drawn so far. */
  done: number;
  total: number;
  p: number;
  q: number;
  /** Wick's E[z1^p z2^q], its pairings (2m-1)!!, and Var(z1^p z2^q) (the exact SE is sqrt(var / n)). */
  exact: number;
  pairings: number;
  exactVariance: number;
  points: MomentPoint[];
  /** The first SCATTER_POINTS samples, z1 and z2 interleaved. */
  scatter: number[];
  /** Samples inside the ellipses z^T K^-1 z <= 1 and <= 4. */
  inside1: number;
  inside2: number;
}

export const SCATTER_POINTS = 1500;
/** Samples per chunk: a few ms of work, so that snapshots and cancels are prompt. */
const CHUNK = 32_768;

/** N = 10, 20, 50, 100, 200, 500, ... below `total`, then `total` itself. */
export function checkpoints(total: number): number[] {
  const out: number[] = [];
  for (let decade = 10; decade < total; decade *= 10)
    for (const k of [1, 2, 5]) if (k * decade < total) out.push(k * decade);
  out.push(total);
  return out;
}

/** z^p by repeated multiplication (exact for p = 0 and the same in every JS engine, unlike Math.pow). */
function power(z: number, p: number): number {
  let r = 1;
  for (let i = 0; i < p; i++) r *= z;
  return r;
}

export async function runGaussianIntegrals(
  state: GaussianIntegralsState,
  onSnapshot: (s: GaussianSnapshot) => void,
  signal?: AbortSignal,
  checkpoint: () => Promise<void> = () => Promise.resolve(),
  snapshotMs = 100,
): Promise<GaussianSnapshot> {
  const K = covarianceOf(state);
  const p = state.p;
  const q = 2 * state.m - p;
  const total = state.samples;
  const marks = checkpoints(total);
  const moments = new Moments();
  const z = new Float64Array(2 * CHUNK);
  const values = new Float64Array(CHUNK);
  const points: MomentPoint[] = [];
  const scatter: number[] = [];
  let inside1 = 0;
  let inside2 = 0;
  let done = 0;
  let next = 0;
  const snapshot = (): GaussianSnapshot => ({
    progress: done / total,
    done,
    total,
    p,
    q,
    exact: bivariateMoment(p, q, K),
    pairings: doubleFactorial(2 * state.m - 1),
    exactVariance: productVariance(p, q, K),
    points: [...points],
    scatter,
    inside1,
    inside2,
  });
  let last = Date.now();
  while (done < total) {
    await checkpoint();
    if (signal?.aborted) throw abortError();
    const n = Math.min(CHUNK, total - done);
    fillBivariate(state.seed, K, done, n, z);
    for (let i = 0; i < n; i++) {
      const z1 = z[2 * i];
      const z2 = z[2 * i + 1];
      values[i] = power(z1, p) * power(z2, q);
      const r2 = mahalanobis2(K, z1, z2);
      if (r2 <= 1) inside1++;
      if (r2 <= 4) inside2++;
      if (done + i < SCATTER_POINTS) scatter.push(z1, z2);
    }
    // Fold the chunk up to each checkpoint inside it, and read the running mean there.
    let from = 0;
    while (next < marks.length && marks[next] <= done + n) {
      const upTo = marks[next] - done;
      moments.addArray(values, from, upTo);
      from = upTo;
      const s = moments.summary();
      points.push({ n: marks[next], mean: s.mean, se: s.meanSE });
      next++;
    }
    moments.addArray(values, from, n);
    done += n;
    if (Date.now() - last >= snapshotMs && done < total) {
      onSnapshot(snapshot());
      last = Date.now();
    }
  }
  const final = snapshot();
  onSnapshot(final);
  return final;
}
