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
 *   const trace = trainNetwork(spec, 7);   // network 7 of the ensemble
 */
import { Purpose } from '../../random/address.ts';
import { fillNormals } from '../../random/normals.ts';
import type { Activation } from '../../theory/activations.ts';

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
  seed: number;
}

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
  /** Empirical NTK over the N training then T test inputs, (N+T)^2 row-major, at step 0 and at the end. */
  ntkStart: Float64Array;
  ntkEnd: Float64Array;
  /** The step at which the loss stopped being finite, or -1. */
  divergedAt: number;
}

/** Losses beyond this count as overflow: f32 on the GPU ends near 1e38, and the squares get there first. */
const OVERFLOW = 1e30;

interface Layer {
  nIn: number;
  nOut: number;
  /** Standard-normal weights, row-major nOut x nIn, and biases. */
  w: Float64Array;
  b: Float64Array;
  w0: Float64Array;
  b0: Float64Array;
  /** sqrt(C_W / nIn), sqrt(C_b). */
  sw: number;
  sb: number;
}

function initLayers(
  spec: Pick<TrainSpec, 'inputs' | 'width' | 'depth' | 'cw' | 'cb' | 'seed'>,
  net: number,
): Layer[] {
  const n0 = spec.inputs[0].length;
  const layers: Layer[] = [];
  for (let l = 1; l <= spec.depth; l++) {
    const nIn = l === 1 ? n0 : spec.width;
    const nOut = l === spec.depth ? 1 : spec.width;
    const w = new Float64Array(nOut * nIn);
    const row = new Float64Array(nIn + 4);
    for (let i = 0; i < nOut; i++) {
      fillNormals(spec.seed, net, Purpose.Weight, l, i, row, nIn);
      w.set(row.subarray(0, nIn), i * nIn);
    }
    const b = new Float64Array(nOut);
    if (spec.cb > 0) {
      const br = new Float64Array(nOut + 4);
      fillNormals(spec.seed, net, Purpose.Bias, l, 0, br, nOut);
      b.set(br.subarray(0, nOut));
    }
    layers.push({
      nIn,
      nOut,
      w,
      b,
      w0: w.slice(),
      b0: b.slice(),
      sw: Math.sqrt(spec.cw / nIn),
      sb: Math.sqrt(spec.cb),
    });
  }
  return layers;
}

/**
 * Forward pass of P inputs, input-major (a[l][p * n + j]: every inner loop runs along a weight
 * row and a contiguous activation vector); returns, per layer, the preactivations z_l and the
 * layer inputs a_{l-1} (a_0 = x).
 */
function forward(
  act: Activation,
  layers: Layer[],
  xs: readonly (readonly number[])[],
): { z: Float64Array[]; a: Float64Array[] } {
  const P = xs.length;
  const n0 = layers[0].nIn;
  const a0 = new Float64Array(n0 * P);
  for (let p = 0; p < P; p++) for (let j = 0; j < n0; j++) a0[p * n0 + j] = xs[p][j];
  const z: Float64Array[] = [];
  const a: Float64Array[] = [a0];
  let prev = a0;
  for (let l = 0; l < layers.length; l++) {
    const { nIn, nOut, w, b, sw, sb } = layers[l];
    const out = new Float64Array(nOut * P);
    for (let p = 0; p < P; p++) {
      const ap = p * nIn;
      const op = p * nOut;
      for (let i = 0; i < nOut; i++) {
        const wi = i * nIn;
        let s0 = 0;
        let s1 = 0;
        let j = 0;
        // Two accumulators: the additions of a dot product need not wait for each other.
        for (; j + 1 < nIn; j += 2) {
          s0 += w[wi + j] * prev[ap + j];
          s1 += w[wi + j + 1] * prev[ap + j + 1];
        }
        if (j < nIn) s0 += w[wi + j] * prev[ap + j];
        out[op + i] = sw * (s0 + s1) + sb * b[i];
      }
    }
    z.push(out);
    if (l < layers.length - 1) {
      const next = new Float64Array(nOut * P);
      for (let q = 0; q < next.length; q++) next[q] = act.f(out[q]);
      a.push(next);
      prev = next;
    }
  }
  return { z, a };
}

/**
 * g_l = df(x_p)/dz_l for each of the P inputs of a forward pass, times seed[p] (the output's
 * adjoint): g_L = seed, g_l = sigma'(z_l) (sqrt(C_W/n_l) W_{l+1}^T g_{l+1}); input-major.
 */
function backward(act: Activation, layers: Layer[], z: Float64Array[], seed: Float64Array): Float64Array[] {
  const P = seed.length;
  const L = layers.length;
  const g: Float64Array[] = new Array<Float64Array>(L);
  g[L - 1] = seed.slice();
  for (let l = L - 2; l >= 0; l--) {
    const { nIn, nOut, w, sw } = layers[l + 1];
    const up = g[l + 1];
    const out = new Float64Array(nIn * P);
    for (let p = 0; p < P; p++) {
      const op = p * nIn;
      for (let i = 0; i < nOut; i++) {
        const u = sw * up[p * nOut + i];
        if (u === 0) continue;
        const wi = i * nIn;
        for (let j = 0; j < nIn; j++) out[op + j] += w[wi + j] * u;
      }
    }
    const zl = z[l];
    for (let q = 0; q < out.length; q++) out[q] *= act.df(zl[q]);
    g[l] = out;
  }
  return g;
}

/**
 * Empirical NTK Theta(x_p, x_q) = sum over parameters of df(x_p)/dtheta df(x_q)/dtheta
 * = sum_l (C_W/n_{l-1} a_{l-1,p}.a_{l-1,q} + C_b) g_{l,p}.g_{l,q}: one backward pass per input
 * and per-layer Gram sums.
 */
export function empiricalNtk(
  act: Activation,
  layers: Layer[],
  xs: readonly (readonly number[])[],
  cb: number,
): Float64Array {
  const P = xs.length;
  const { z, a } = forward(act, layers, xs);
  const g = backward(act, layers, z, new Float64Array(P).fill(1));
  const theta = new Float64Array(P * P);
  for (let l = 0; l < layers.length; l++) {
    const { nIn, nOut, sw } = layers[l];
    const al = a[l];
    const gl = g[l];
    for (let p = 0; p < P; p++)
      for (let q = p; q < P; q++) {
        let aa = 0;
        for (let j = 0; j < nIn; j++) aa += al[p * nIn + j] * al[q * nIn + j];
        let gg = 0;
        for (let i = 0; i < nOut; i++) gg += gl[p * nOut + i] * gl[q * nOut + i];
        const v = (sw * sw * aa + cb) * gg;
        theta[p * P + q] += v;
        if (q !== p) theta[q * P + p] += v;
      }
  }
  return theta;
}

/**
 * One gradient-descent step on layer l: W -= eta (sqrt(C_W/n_in) sum_p delta_p a_p^T + mu (W - target)),
 * the same for b; each weight row's gradient gathered along contiguous activations.
 */
function updateLayer(
  layer: Layer,
  a: Float64Array,
  delta: Float64Array,
  P: number,
  spec: TrainSpec,
  grad: Float64Array,
): void {
  const { nIn, nOut, w, b, w0, b0, sw, sb } = layer;
  const { eta, l2 } = spec;
  const towardsInit = spec.l2Target === 'init';
  for (let i = 0; i < nOut; i++) {
    grad.fill(0, 0, nIn);
    let gb = 0;
    for (let p = 0; p < P; p++) {
      const d = delta[p * nOut + i];
      gb += d;
      if (d === 0) continue;
      const ap = p * nIn;
      for (let j = 0; j < nIn; j++) grad[j] += d * a[ap + j];
    }
    const wi = i * nIn;
    if (l2 > 0) {
      for (let j = 0; j < nIn; j++)
        w[wi + j] -= eta * (sw * grad[j] + l2 * (w[wi + j] - (towardsInit ? w0[wi + j] : 0)));
    } else {
      for (let j = 0; j < nIn; j++) w[wi + j] -= eta * sw * grad[j];
    }
    if (sb > 0) b[i] -= eta * (sb * gb + (l2 > 0 ? l2 * (b[i] - (towardsInit ? b0[i] : 0)) : 0));
  }
}

/** Network `net`'s empirical NTK at initialization over `xs`, (P x P) row-major. */
export function initialNtk(
  spec: Pick<TrainSpec, 'activation' | 'width' | 'depth' | 'cw' | 'cb' | 'seed'>,
  xs: readonly (readonly number[])[],
  net: number,
): Float64Array {
  const layers = initLayers({ ...spec, inputs: xs }, net);
  return empiricalNtk(spec.activation, layers, xs, spec.cb);
}

/** Network `net` of the ensemble `spec`, trained; everything it records. */
export function trainNetwork(spec: TrainSpec, net: number): NetworkTrace {
  const { activation: act, inputs, targets, tests, steps, readoutOnly } = spec;
  const N = inputs.length;
  const T = tests.length;
  const layers = initLayers(spec, net);
  const L = layers.length;
  const logs = loggedSteps(steps, spec.logEvery);
  const loss = new Float64Array(logs.length).fill(NaN);
  const test = new Float64Array(logs.length * T).fill(NaN);
  const all = [...inputs, ...tests];
  const ntkStart = empiricalNtk(act, layers, all, spec.cb);
  let divergedAt = -1;
  let log = 0;
  const residual = new Float64Array(N);
  const grad = new Float64Array(Math.max(spec.width, inputs[0].length));
  for (let t = 0; t <= steps; t++) {
    const { z, a } = forward(act, layers, inputs);
    const f = z[L - 1];
    let sq = 0;
    for (let p = 0; p < N; p++) {
      residual[p] = f[p] - targets[p];
      sq += residual[p] * residual[p];
    }
    const lossNow = sq / (2 * N);
    if (!(Math.abs(lossNow) < OVERFLOW)) {
      divergedAt = t;
      break;
    }
    if (logs[log] === t) {
      loss[log] = lossNow;
      if (T > 0) {
        const out = forward(act, layers, tests).z[L - 1];
        test.set(out, log * T);
      }
      log++;
    }
    if (t === steps) break;
    // delta_l = g_l r / N: the loss's gradient with respect to z_l for each input.
    const adj = new Float64Array(N);
    for (let p = 0; p < N; p++) adj[p] = residual[p] / N;
    const delta = backward(act, layers, z, adj);
    for (let l = readoutOnly ? L - 1 : 0; l < L; l++) updateLayer(layers[l], a[l], delta[l], N, spec, grad);
  }
  const weightChange = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    const { w, w0 } = layers[l];
    let d = 0;
    let n = 0;
    for (let q = 0; q < w.length; q++) {
      d += (w[q] - w0[q]) ** 2;
      n += w0[q] * w0[q];
    }
    weightChange[l] = n > 0 ? Math.sqrt(d / n) : 0;
  }
  const ntkEnd =
    divergedAt >= 0 ? new Float64Array(ntkStart.length).fill(NaN) : empiricalNtk(act, layers, all, spec.cb);
  return { loss, test, weightChange, ntkStart, ntkEnd, divergedAt };
}
