/**
 * One network trained by full-batch gradient descent on (1/2N) sum_a (f(x_a) - y_a)^2 in the
 * NTK parameterization (THEORY.md 6a), on the CPU in f64, with stored weights:
 *   z_1 = sqrt(C_W/n0) W_1 x + sqrt(C_b) b_1,  z_{l+1} = sqrt(C_W/n_l) W_{l+1} sigma(z_l) + sqrt(C_b) b_{l+1},
 * W and b standard normals drawn from the counter-based generator at the explicit engine's
 * addresses (Weight: layer l, row i, index j; Bias: layer l, row 0, index i), so a trained
 * network starts as the explicit engine's network of the same seed and index. One learning
 * rate eta for every parameter.
 *
 * It records, at the logged steps, the training loss and the outputs at the test inputs; at the
 * end, per layer |W_T - W_0|_F / |W_0|_F; at the start and the end, the empirical NTK over the
 * training then test inputs. A network whose loss overflows stops at that step (divergedAt).
 *
 * Optional, on every hidden layer and as the initialization engines place them
 * (src/engine/cpu/layer-ops.ts: normalization, nonlinearity, dropout): LayerNorm without gain or
 * bias, u = (z - mean) / sqrt(popvar) over the units of each input, with its exact gradient; and
 * inverted dropout with drop probability p, a = m sigma(u) / (1 - p), unit j of hidden layer l
 * kept at step t iff the uniform at (seed, network, Dropout, layer l, row t, index j) is >= p:
 * one mask per step, per network, per unit, shared by the inputs of that step (row 0 is the
 * initialization engines' mask). Dropout is a training-time operation: the logged losses, the test
 * outputs and both NTKs are those of the network without dropout (evaluation mode), so a logged
 * step runs one pass without the mask for the record and one with it for the gradient.
 *
 *   const trace = trainNetwork(spec, 7);   // network 7 of the ensemble
 */
import { Purpose } from '../../random/address.ts';
import { fillNormals, fillUniforms } from '../../random/normals.ts';
import { NORMALS_PAD, normalSource } from '../cpu/normal-source.ts';
import { normalizeBackwardInPlace, normalizeInPlace } from '../cpu/layer-ops.ts';
import type { Activation } from '../../theory/activations.ts';
import { sharedKernels, type DenseKernels } from './dense-kernels.ts';

export interface TrainSpec {
  activation: Activation;
  /** N training inputs of n0 components, their targets, and T test inputs. */
  inputs: readonly (readonly number[])[];
  targets: readonly number[];
  tests: readonly (readonly number[])[];
  /** Hidden width n (every hidden layer) and depth L = weight layers; the output is one unit. */
  width: number;
  depth: number;
  cw: number;
  cb: number;
  /** Learning rate (absolute) and gradient-descent steps. */
  eta: number;
  steps: number;
  /** Log every this many steps (step 0 and the last step are always logged). */
  logEvery: number;
  /** L2 penalty (mu/2)|theta - target|^2, towards the initial weights or towards zero. */
  l2: number;
  l2Target: 'init' | 'zero';
  /** Train the last layer only. */
  readoutOnly: boolean;
  /** LayerNorm before each hidden nonlinearity; dropout probability after it (0 = off). */
  layerNorm: boolean;
  dropout: number;
  seed: number;
  /**
   * The inputs of the recorded empirical NTK (ntkStart, ntkEnd): 'all' (default) the N training
   * then T test inputs, 'train' the N training inputs only (a view that reads only Theta_XX skips
   * the test rows, most of the host's work on a GPU run).
   */
  ntkInputs?: 'all' | 'train';
}

/** The inputs the recorded NTK is computed over (TrainSpec.ntkInputs). */
export function ntkInputsOf(spec: TrainSpec): (readonly number[])[] {
  return spec.ntkInputs === 'train' ? [...spec.inputs] : [...spec.inputs, ...spec.tests];
}

/** The parts of a spec that fix a network's function (not its training). */
type NetworkSpec = Pick<
  TrainSpec,
  'activation' | 'width' | 'depth' | 'cw' | 'cb' | 'seed' | 'layerNorm' | 'dropout'
>;

/** The steps at which a run logs: 0, logEvery, 2 logEvery, ..., and the last step. */
export function loggedSteps(steps: number, logEvery: number): number[] {
  const every = Math.max(1, Math.floor(logEvery));
  const out: number[] = [];
  for (let t = 0; t < steps; t += every) out.push(t);
  out.push(steps);
  return out;
}

export interface NetworkTrace {
  /** Training loss at each logged step (NaN from the step it diverged). */
  loss: Float64Array;
  /** Outputs at the test inputs, logged-step-major: test[s * T + t]. */
  test: Float64Array;
  /** Per layer l = 1..L: |W_l,T - W_l,0|_F / |W_l,0|_F at the end (biases not included). */
  weightChange: Float64Array;
  /** Empirical NTK over ntkInputsOf(spec) (N + T inputs, or N), P^2 row-major, at step 0 and at the end. */
  ntkStart: Float64Array;
  ntkEnd: Float64Array;
  /** The step at which the loss stopped being finite, or -1. */
  divergedAt: number;
}

/** Losses beyond this count as overflow: f32 on the GPU ends near 1e38, and the squares get there first. */
const OVERFLOW = 1e30;

/** Weight values drawn per call of the normal source (rows at a time). */
const DRAW_BATCH = 1 << 16;

/** Inputs padded to an even count (zero inputs), what the dense kernels take. */
const pad2 = (n: number) => 2 * Math.ceil(n / 2);

interface Layer {
  nIn: number;
  nOut: number;
  /** Heap index of the standard-normal weights, row-major nOut x nIn. */
  w: number;
  /** The initial weights and the biases (small: plain arrays). */
  w0: Float64Array;
  b: Float64Array;
  b0: Float64Array;
  /** sqrt(C_W / nIn), sqrt(C_b). */
  sw: number;
  sb: number;
  /** Heap indices of z_l, of this layer's input a_{l-1}, and of g_l = df/dz_l, each for up to Pmax inputs. */
  z: number;
  /** Heap index of the normalized u_l (LayerNorm only; else z's values are the nonlinearity's argument). */
  u: number;
  /** Dropout factor per unit of the last masked forward pass: 1/(1-p) or 0 (all 1 without a mask). */
  mask: Float64Array;
  a: number;
  g: number;
}

/**
 * One network's weights and every activation buffer, in one heap of the dense kernels, laid out
 * once for up to `maxInputs` inputs at a time (padded to an even count with zero inputs).
 */
class Network {
  readonly layers: Layer[] = [];
  readonly heap: Float64Array;
  private readonly pmax: number;

  constructor(
    readonly spec: NetworkSpec,
    readonly n0: number,
    maxInputs: number,
    readonly net: number,
    readonly kernels: DenseKernels,
  ) {
    this.pmax = pad2(maxInputs);
    let top = 0;
    const take = (n: number) => {
      const at = top;
      top += n;
      return at;
    };
    const sizes: [number, number][] = [];
    for (let l = 1; l <= spec.depth; l++)
      sizes.push([l === spec.depth ? 1 : spec.width, l === 1 ? n0 : spec.width]);
    const at = sizes.map(([nOut, nIn]) => ({
      w: take(nOut * nIn),
      z: take(this.pmax * nOut),
      u: spec.layerNorm ? take(this.pmax * nOut) : 0,
      a: take(this.pmax * nIn),
      g: take(this.pmax * nOut),
    }));
    this.heap = kernels.reserve(top);
    this.heap.fill(0, 0, top);
    // The CPU engines' generator (WebAssembly where it runs): the same normals as fillNormals to
    // a few ulp, about 3x faster, which matters when each network trains for few steps.
    const normals = normalSource();
    sizes.forEach(([nOut, nIn], k) => {
      const l = k + 1;
      const { w } = at[k];
      // Rows in batches of about 64 K values, so the source's buffer (which never shrinks) stays
      // small at any width. A row's fill may run past its end into the next row, filled after it.
      const rowsPerBatch = Math.max(1, Math.floor(DRAW_BATCH / nIn));
      const drawn = normals.buffer(rowsPerBatch * nIn + NORMALS_PAD);
      for (let i0 = 0; i0 < nOut; i0 += rowsPerBatch) {
        const rows = Math.min(rowsPerBatch, nOut - i0);
        for (let r = 0; r < rows; r++) normals.fill(spec.seed, net, Purpose.Weight, l, i0 + r, nIn, r * nIn);
        this.heap.set(drawn.subarray(0, rows * nIn), w + i0 * nIn);
      }
      const b = new Float64Array(nOut);
      if (spec.cb > 0) {
        const br = new Float64Array(nOut + 4);
        fillNormals(spec.seed, net, Purpose.Bias, l, 0, br, nOut);
        b.set(br.subarray(0, nOut));
      }
      this.layers.push({
        nIn,
        nOut,
        ...at[k],
        w0: this.heap.slice(w, w + nOut * nIn),
        b,
        b0: b.slice(),
        mask: new Float64Array(nOut).fill(1),
        sw: Math.sqrt(spec.cw / nIn),
        sb: Math.sqrt(spec.cb),
      });
    });
  }

  /**
   * Forward pass of `xs` (at most maxInputs); returns the P outputs. With a step t >= 0 and
   * dropout on, the hidden layers' outputs carry step t's mask; without (t = -1), none.
   */
  forward(xs: readonly (readonly number[])[], step = -1): Float64Array {
    const { heap: h, layers, kernels } = this;
    const act = this.spec.activation;
    const P = xs.length;
    const Pp = pad2(P);
    const first = layers[0];
    h.fill(0, first.a, first.a + Pp * this.n0);
    for (let p = 0; p < P; p++) for (let j = 0; j < this.n0; j++) h[first.a + p * this.n0 + j] = xs[p][j];
    for (let l = 0; l < layers.length; l++) {
      const { nIn, nOut, w, b, sw, sb, z, a } = layers[l];
      kernels.dotRows(w, nOut, nIn, a, Pp, z);
      for (let p = 0; p < Pp; p++)
        for (let i = 0; i < nOut; i++) h[z + p * nOut + i] = sw * h[z + p * nOut + i] + sb * b[i];
      if (l < layers.length - 1) {
        const next = layers[l + 1].a;
        const arg = this.normalize(l, P);
        const mask = this.drawMask(l, step);
        for (let p = 0; p < P; p++)
          for (let i = 0; i < nOut; i++) {
            const q = p * nOut + i;
            h[next + q] = mask[i] * act.f(h[arg + q]);
          }
        // Padded inputs stay zero, so they add nothing to the next layer's sums.
        h.fill(0, next + P * nOut, next + Pp * nOut);
      }
    }
    const out = layers[layers.length - 1].z;
    return h.slice(out, out + P);
  }

  /** LayerNorm of layer l's z into u for P inputs (layer-ops' formula, one input at a time); returns where the nonlinearity's argument is. */
  private normalize(l: number, P: number): number {
    const { z, u, nOut } = this.layers[l];
    if (!this.spec.layerNorm) return z;
    const h = this.heap;
    h.copyWithin(u, z, z + P * nOut);
    for (let p = 0; p < P; p++)
      normalizeInPlace('layer', h.subarray(u + p * nOut, u + (p + 1) * nOut), nOut, 1);
    return u;
  }

  /** Layer l's dropout factors at step t (all 1 for t < 0 or p = 0), kept for the backward pass. */
  private drawMask(l: number, step: number): Float64Array {
    const { mask, nOut } = this.layers[l];
    const p = this.spec.dropout;
    if (step < 0 || !(p > 0)) return mask.fill(1);
    // Hidden layer l + 1 in the engines' 1-based numbering; the step is the row, so each step redraws.
    fillUniforms(this.spec.seed, this.net, Purpose.Dropout, l + 1, step, mask, nOut);
    const keep = 1 / (1 - p);
    for (let i = 0; i < nOut; i++) mask[i] = mask[i] >= p ? keep : 0;
    return mask;
  }

  /** g_l = df(x_p)/dz_l times seed[p] for the inputs of the last forward pass (P of them). */
  backward(seed: ArrayLike<number>, P: number): void {
    const { heap: h, layers, kernels } = this;
    const act = this.spec.activation;
    const Pp = pad2(P);
    const L = layers.length;
    const top = layers[L - 1].g;
    h.fill(0, top, top + Pp);
    for (let p = 0; p < P; p++) h[top + p] = seed[p];
    for (let l = L - 2; l >= 0; l--) {
      const up = layers[l + 1];
      const { g, z, nOut } = layers[l];
      h.fill(0, g, g + Pp * nOut);
      kernels.backRows(up.w, up.nOut, up.nIn, up.g, Pp, g);
      // Back through the mask of the forward pass, sigma' at its argument, and the normalization.
      const { u, mask } = layers[l];
      const arg = this.spec.layerNorm ? u : z;
      for (let p = 0; p < P; p++)
        for (let i = 0; i < nOut; i++) {
          const q = p * nOut + i;
          h[g + q] *= up.sw * mask[i] * act.df(h[arg + q]);
        }
      h.fill(0, g + P * nOut, g + Pp * nOut);
      if (this.spec.layerNorm)
        for (let p = 0; p < P; p++) {
          const at = (v: number) => h.subarray(v + p * nOut, v + (p + 1) * nOut);
          normalizeBackwardInPlace('layer', at(z), at(u), at(g), nOut, 1);
        }
    }
  }

  /**
   * Without dropout's mask (the evaluation-mode network, as the NTK of a dropout network is a
   * random kernel per mask): Theta(x_p, x_q) = sum_l (C_W/n_{l-1} a_{l-1,p}.a_{l-1,q} + C_b) g_{l,p}.g_{l,q} over `xs`:
   * one forward and one backward pass with every output's adjoint 1, then per-layer Gram sums.
   */
  ntk(xs: readonly (readonly number[])[]): Float64Array {
    const P = xs.length;
    this.forward(xs);
    this.backward(new Float64Array(P).fill(1), P);
    const h = this.heap;
    const theta = new Float64Array(P * P);
    for (const { nIn, nOut, sw, a, g } of this.layers)
      for (let p = 0; p < P; p++)
        for (let q = p; q < P; q++) {
          let aa = 0;
          for (let j = 0; j < nIn; j++) aa += h[a + p * nIn + j] * h[a + q * nIn + j];
          let gg = 0;
          for (let i = 0; i < nOut; i++) gg += h[g + p * nOut + i] * h[g + q * nOut + i];
          const v = (sw * sw * aa + this.spec.cb) * gg;
          theta[p * P + q] += v;
          if (q !== p) theta[q * P + p] += v;
        }
    return theta;
  }

  /**
   * One gradient-descent step on layer l from the deltas g_l of the last backward pass over P
   * inputs: W -= eta (sqrt(C_W/n_in) sum_p delta_p a_p^T + mu (W - target)), the same for b.
   */
  update(l: number, P: number, eta: number, l2: number, towardsInit: boolean): void {
    const h = this.heap;
    const { nIn, nOut, w, w0, b, b0, sw, sb, a, g } = this.layers[l];
    const Pp = pad2(P);
    if (l2 > 0) {
      const keep = 1 - eta * l2;
      for (let q = 0; q < nOut * nIn; q++) h[w + q] = keep * h[w + q] + (towardsInit ? eta * l2 * w0[q] : 0);
    }
    this.kernels.updateRows(w, nOut, nIn, g, a, Pp, eta * sw);
    if (sb > 0)
      for (let i = 0; i < nOut; i++) {
        let s = 0;
        for (let p = 0; p < P; p++) s += h[g + p * nOut + i];
        b[i] -= eta * (sb * s + (l2 > 0 ? l2 * (b[i] - (towardsInit ? b0[i] : 0)) : 0));
      }
  }

  /** |W_l - W_l,0|_F / |W_l,0|_F per layer. */
  weightChange(): Float64Array {
    return Float64Array.from(this.layers, ({ w, w0 }) => {
      let d = 0;
      let n = 0;
      for (let q = 0; q < w0.length; q++) {
        d += (this.heap[w + q] - w0[q]) ** 2;
        n += w0[q] * w0[q];
      }
      return n > 0 ? Math.sqrt(d / n) : 0;
    });
  }
}

/** Network `net`'s empirical NTK at initialization over `xs`, (P x P) row-major. */
export function initialNtk(
  spec: NetworkSpec,
  xs: readonly (readonly number[])[],
  net: number,
  kernels: DenseKernels = sharedKernels(),
): Float64Array {
  return new Network(spec, xs[0].length, xs.length, net, kernels).ntk(xs);
}

/**
 * The empirical NTK over `xs` of a network with the given weights at their effective scale
 * (W = sqrt(C_W/n_in) w, b = sqrt(C_b) beta per layer, row-major), as the GPU trainer stores them.
 */
export function ntkWithWeights(
  spec: NetworkSpec,
  xs: readonly (readonly number[])[],
  weights: readonly { w: ArrayLike<number>; b: ArrayLike<number> }[],
  kernels: DenseKernels = sharedKernels(),
): Float64Array {
  const network = new Network(spec, xs[0].length, xs.length, 0, kernels);
  network.layers.forEach((layer, l) => {
    const { w, b } = weights[l];
    for (let q = 0; q < layer.nOut * layer.nIn; q++) network.heap[layer.w + q] = w[q] / layer.sw;
    for (let i = 0; i < layer.nOut; i++) layer.b[i] = layer.sb > 0 ? b[i] / layer.sb : 0;
  });
  return network.ntk(xs);
}

/** Network `net` of the ensemble `spec`, trained; everything it records. */
export function trainNetwork(
  spec: TrainSpec,
  net: number,
  kernels: DenseKernels = sharedKernels(),
): NetworkTrace {
  const { inputs, targets, tests, steps, readoutOnly } = spec;
  const N = inputs.length;
  const T = tests.length;
  const all = [...inputs, ...tests];
  const network = new Network(spec, inputs[0].length, N + T, net, kernels);
  const L = network.layers.length;
  const logs = loggedSteps(steps, spec.logEvery);
  const loss = new Float64Array(logs.length).fill(NaN);
  const test = new Float64Array(logs.length * T).fill(NaN);
  const ntkAt = ntkInputsOf(spec);
  const ntkStart = network.ntk(ntkAt);
  let divergedAt = -1;
  let log = 0;
  const adjoint = new Float64Array(N + T);
  const dropout = spec.dropout > 0;
  const lossOf = (f: Float64Array) => {
    let sq = 0;
    for (let p = 0; p < N; p++) {
      const r = f[p] - targets[p];
      adjoint[p] = r / N;
      sq += r * r;
    }
    return sq / (2 * N);
  };
  const overflows = (v: number) => !(Math.abs(v) < OVERFLOW);
  for (let t = 0; t <= steps; t++) {
    // A logged step runs the test inputs in the same pass; their adjoints stay 0.
    const logged = logs[log] === t;
    const f = network.forward(logged ? all : inputs);
    const lossNow = lossOf(f);
    if (overflows(lossNow)) {
      divergedAt = t;
      break;
    }
    if (logged) {
      loss[log] = lossNow;
      test.set(f.subarray(N, N + T), log * T);
      log++;
    }
    if (t === steps) break;
    // With dropout the gradient is that of step t's masked network, on the training inputs.
    if (dropout && overflows(lossOf(network.forward(inputs, t)))) {
      divergedAt = t;
      break;
    }
    const P = logged && !dropout ? N + T : N;
    network.backward(adjoint, P);
    for (let l = readoutOnly ? L - 1 : 0; l < L; l++)
      network.update(l, P, spec.eta, spec.l2, spec.l2Target === 'init');
  }
  const weightChange = network.weightChange();
  const ntkEnd = divergedAt >= 0 ? new Float64Array(ntkStart.length).fill(NaN) : network.ntk(ntkAt);
  return { loss, test, weightChange, ntkStart, ntkEnd, divergedAt };
}

export interface LayerParams {
  /** The unit-scale weights w (row-major nOut x nIn) and biases beta of one layer. */
  w: Float64Array;
  b: Float64Array;
}

/**
 * The training loss of network `net` at step t's dropout mask and its gradient with respect
 * to every unit-scale parameter (w, beta), at the given parameters or the initial ones: what
 * one gradient-descent step of trainNetwork uses, exposed for finite-difference checks.
 */
export function lossAndGradient(
  spec: TrainSpec,
  net: number,
  step: number,
  params?: readonly LayerParams[],
  kernels: DenseKernels = sharedKernels(),
): { loss: number; params: LayerParams[]; grad: LayerParams[] } {
  const { inputs, targets } = spec;
  const N = inputs.length;
  const network = new Network(spec, inputs[0].length, N, net, kernels);
  const h = network.heap;
  network.layers.forEach((layer, l) => {
    if (!params) return;
    h.set(params[l].w, layer.w);
    layer.b.set(params[l].b);
  });
  const f = network.forward(inputs, spec.dropout > 0 ? step : -1);
  const adjoint = new Float64Array(N);
  let sq = 0;
  for (let p = 0; p < N; p++) {
    adjoint[p] = (f[p] - targets[p]) / N;
    sq += (f[p] - targets[p]) ** 2;
  }
  network.backward(adjoint, N);
  const grad = network.layers.map(({ nIn, nOut, sw, sb, a, g }) => {
    const w = new Float64Array(nOut * nIn);
    const b = new Float64Array(nOut);
    for (let p = 0; p < N; p++)
      for (let i = 0; i < nOut; i++) {
        const d = h[g + p * nOut + i];
        b[i] += sb * d;
        for (let j = 0; j < nIn; j++) w[i * nIn + j] += sw * d * h[a + p * nIn + j];
      }
    return { w, b };
  });
  const now = network.layers.map(({ w, nIn, nOut, b }) => ({ w: h.slice(w, w + nOut * nIn), b: b.slice() }));
  return { loss: sq / (2 * N), params: now, grad };
}
