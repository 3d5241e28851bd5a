/**
 * What the Training view reads off a snapshot at the step and test point the user chose
 * (DOM-free, the view's model of its charts; the snapshot holds every network's outputs, so a
 * slider move computes nothing on the worker): the ensemble's band and drawn functions on the
 * grid, the output distribution at the test point at initialization and at the step against the
 * infinite-width Gaussians, the losses over the run, and each eigenmode's residual.
 *
 *   const k = stepIndex(snap, state.step);
 *   const band = ensembleBand(snap, k);   // band.mean[g], band.sd[g]
 */
import { Histogram } from '../../stats/histogram.ts';
import { sampleMoments, type TheoryBand, type TrainingSnapshot } from './model.ts';
import { DRAWN_FUNCTIONS } from './model.ts';

/** The logged step nearest `step` (its index in snap.steps). */
export function stepIndex(snap: Pick<TrainingSnapshot, 'steps'>, step: number): number {
  let best = 0;
  for (let s = 1; s < snap.steps.length; s++)
    if (Math.abs(snap.steps[s] - step) < Math.abs(snap.steps[best] - step)) best = s;
  return best;
}

/** Output of network m at logged step s and test input t. */
const output = (snap: TrainingSnapshot, m: number, s: number, t: number) =>
  snap.outputs[(m * snap.steps.length + s) * snap.tests + t];

/** The outputs of every network at logged step s and test input t (NaN for the diverged). */
export function outputsAt(snap: TrainingSnapshot, s: number, t: number): number[] {
  return Array.from({ length: snap.networks }, (_, m) => output(snap, m, s, t));
}

/** How many networks had diverged by logged step s. */
export function divergedBy(snap: TrainingSnapshot, s: number): number {
  const k = snap.steps[s];
  return Array.from(snap.divergedAt).filter((d) => d >= 0 && d <= k).length;
}

/** The ensemble's mean and sd on the grid at logged step s, over the networks still finite there. */
export function ensembleBand(snap: TrainingSnapshot, s: number): { mean: number[]; sd: number[] } {
  const mean: number[] = [];
  const sd: number[] = [];
  for (let g = 0; g < snap.grid; g++) {
    const m = sampleMoments(outputsAt(snap, s, g));
    mean.push(m.mean);
    sd.push(Math.sqrt(m.variance));
  }
  return { mean, sd };
}

/** Up to DRAWN_FUNCTIONS networks' functions on the grid at logged step s (diverged ones left out). */
export function drawnFunctions(snap: TrainingSnapshot, s: number): number[][] {
  const out: number[][] = [];
  for (let m = 0; m < snap.networks && out.length < DRAWN_FUNCTIONS; m++) {
    const f = Array.from({ length: snap.grid }, (_, g) => output(snap, m, s, g));
    if (f.every(Number.isFinite)) out.push(f);
  }
  return out;
}

/** The infinite-width band of a theory result, or null where there is none. */
export const bandOf = (t: TrainingSnapshot['theory']): TheoryBand | null => ('band' in t ? t.band : null);

export interface OutputDistribution {
  /** Each histogram on its own bin edges (the trained one is often far narrower than the prior). */
  initEdges: number[];
  init: number[];
  trainedEdges: number[];
  trained: number[];
  /** The plotted range, covering both histograms and the theory's 4-sd ranges. */
  range: [number, number];
  /** Sample moments with SEs at initialization and at the step. */
  initMoments: ReturnType<typeof sampleMoments>;
  trainedMoments: ReturnType<typeof sampleMoments>;
  /** N(0, K) and N(mu_k, Sigma_k) at infinite width, where known. */
  prior: { mean: number; variance: number } | null;
  posterior: { mean: number; variance: number } | null;
  /** Their densities on a fine grid over the range. */
  curveX: number[];
  priorDensity: number[];
  posteriorDensity: number[];
}

const normalDensity = (x: number, mean: number, variance: number) =>
  Math.exp(-((x - mean) ** 2) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);

type Normal = { mean: number; variance: number } | null;

/** The span of the samples and of the Gaussian's 4-sd range. */
function span(xs: readonly number[], p: Normal): [number, number] {
  const ends = [...xs];
  if (p && p.variance > 0) ends.push(p.mean - 4 * Math.sqrt(p.variance), p.mean + 4 * Math.sqrt(p.variance));
  let lo = Math.min(...ends);
  let hi = Math.max(...ends);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [-1, 1];
  if (hi - lo < 1e-9) [lo, hi] = [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/** A density histogram of xs over [lo, hi] with about 2 sqrt(n) bins (8 to 30), and its edges. */
function densityHistogram(
  xs: readonly number[],
  [lo, hi]: [number, number],
): { edges: number[]; density: number[] } {
  const bins = Math.max(8, Math.min(30, Math.round(2 * Math.sqrt(xs.length))));
  const h = Histogram.uniform(lo, hi, bins);
  for (const x of xs) h.add(Math.min(Math.max(x, lo), hi));
  return {
    edges: Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins),
    density: Array.from(h.density()),
  };
}

/**
 * The histograms over networks of the output at grid point g, at initialization and at logged
 * step s, against the infinite-width Gaussians N(0, K) and N(mu_k, Sigma_k).
 */
export function outputDistribution(snap: TrainingSnapshot, s: number, g: number): OutputDistribution {
  const init = outputsAt(snap, 0, g).filter(Number.isFinite);
  const trained = outputsAt(snap, s, g).filter(Number.isFinite);
  const band = bandOf(snap.theory);
  const prior = band ? { mean: band.mean[0][g], variance: band.sd[0][g] ** 2 } : null;
  const posterior = band ? { mean: band.mean[s][g], variance: band.sd[s][g] ** 2 } : null;
  const a = span(init, prior);
  const b = span(trained, posterior);
  const range: [number, number] = [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
  const hi = densityHistogram(init, a);
  const ht = densityHistogram(trained, b);
  // A fine grid, denser where the narrow trained Gaussian sits.
  const curveX = [
    ...Array.from({ length: 161 }, (_, i) => range[0] + ((range[1] - range[0]) * i) / 160),
    ...Array.from({ length: 81 }, (_, i) => b[0] + ((b[1] - b[0]) * i) / 80),
  ].sort((p, q) => p - q);
  const density = (p: Normal) =>
    p && p.variance > 0 ? curveX.map((x) => normalDensity(x, p.mean, p.variance)) : [];
  return {
    initEdges: hi.edges,
    init: hi.density,
    trainedEdges: ht.edges,
    trained: ht.density,
    range,
    initMoments: sampleMoments(init),
    trainedMoments: sampleMoments(trained),
    prior,
    posterior,
    curveX,
    priorDensity: density(prior),
    posteriorDensity: density(posterior),
  };
}

/** Training loss over networks per logged step: mean and 10-90% band of the finite ones. */
export function lossSeries(snap: TrainingSnapshot): {
  mean: number[];
  q10: number[];
  q90: number[];
  test: number[];
} {
  const L = snap.steps.length;
  const out = { mean: [] as number[], q10: [] as number[], q90: [] as number[], test: [] as number[] };
  for (let s = 0; s < L; s++) {
    const v = Array.from({ length: snap.networks }, (_, m) => snap.loss[m * L + s])
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const q = (p: number) => (v.length ? v[Math.min(v.length - 1, Math.floor(p * (v.length - 1)))] : NaN);
    out.mean.push(v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
    out.q10.push(q(0.1));
    out.q90.push(q(0.9));
    // Test loss on the grid: (1/2G) sum_g (f - y)^2 averaged over the finite networks.
    let sum = 0;
    let count = 0;
    for (let m = 0; m < snap.networks; m++) {
      let e = 0;
      for (let g = 0; g < snap.grid; g++) e += (output(snap, m, s, g) - snap.axis.target[g]) ** 2;
      if (Number.isFinite(e)) {
        sum += e / (2 * snap.grid);
        count++;
      }
    }
    out.test.push(count ? sum / count : NaN);
  }
  return out;
}

/**
 * Each eigenmode's part of the residual f(X) - y on the training inputs, as a root mean square
 * over networks, sqrt(E (v_i . (f(X) - y))^2), per logged step: measured, and at infinite width
 * sqrt((v_i . (E f(X) - y))^2 + v_i' Cov f(X) v_i). Trained on all layers, mode i shrinks there as
 * (1 - eta lambda_i / N)^k, the initial fluctuation along it included.
 */
export function modeResiduals(snap: TrainingSnapshot): { measured: number[][]; theory: number[][] | null } {
  const L = snap.steps.length;
  const N = snap.data.y.length;
  const band = bandOf(snap.theory);
  const measured = snap.modes.map((mode) =>
    Array.from({ length: L }, (_, s) => {
      let sum = 0;
      let count = 0;
      for (let m = 0; m < snap.networks; m++) {
        let proj = 0;
        for (let i = 0; i < N; i++)
          proj += mode.vector[i] * (output(snap, m, s, snap.grid + i) - snap.data.y[i]);
        if (Number.isFinite(proj)) {
          sum += proj * proj;
          count++;
        }
      }
      return count ? Math.sqrt(sum / count) : NaN;
    }),
  );
  const theory = band
    ? snap.modes.map((mode) =>
        band.residual.map((r, s) => {
          const v = mode.vector;
          const mean = r.reduce((acc, x, i) => acc + x * v[i], 0);
          const cov = band.residualCov[s];
          let q = 0;
          for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) q += v[i] * cov[i][j] * v[j];
          return Math.sqrt(mean * mean + Math.max(0, q));
        }),
      )
    : null;
  return { measured, theory };
}
