/**
 * The ensemble trainer on WebGPU: the CPU trainer's networks (src/engine/training/cpu-trainer.ts,
 * same seed, same initial weights, drawn on the GPU at the same addresses) trained by the same
 * full-batch gradient descent, a chunk of networks at a time (train-chunking.ts), with stored
 * weights in GPU buffers and whole steps per submission, as many as the pacer allows: the
 * batched matmuls of shaders/dense_stored.wgsl (forward Z = W A + b, backward dA = W^T dZ,
 * dW = dZ A^T, db) and the elementwise kernels of shaders/train_step.wgsl (activation, its
 * derivative, the residual, the update). Weights are stored at their effective scale
 * sqrt(C_W/n_in) w, so a step on w with rate eta is W -= eta (C_W/n_in) dW.
 *
 * With the CPU trainer's LayerNorm (train_step.wgsl's layer_norm, one thread per network and
 * input, and its backward) and its dropout: the mask of hidden layer l at step t is drawn on the
 * GPU at the CPU's address (seed, network, Dropout, l, row t, unit), a unit kept iff its word is
 * >= uniformThresholdWord(p), which is exactly the CPU's "uniform >= p".
 *
 * As on the CPU, a step runs its N training inputs only, except at logged steps, where the T
 * test inputs ride along as columns with residual 0 (B = N + T columns, in the same buffers,
 * row stride B instead of N); there z_L is read back for the loss and the test outputs. Every
 * step the residual kernel checks each network's training loss against the CPU's overflow
 * bound, and with dropout also the masked pass's, recording the first step it fails (read back
 * at logged steps): that network's updates stop there, as the CPU stops it, and its records
 * from that step on stay NaN. With dropout, as on the CPU, what is logged is the network
 * without the mask (evaluation mode): every step runs one pass without it (the record at
 * logged steps, the overflow check at all), into a separate z_L, then the masked pass over
 * the N training inputs for the gradient. The empirical NTK at the start and the end is the
 * CPU's too (without the mask): a forward pass, a backward pass from df/dz_L = 1 and per-layer
 * Gram matrices on the GPU, combined on the host; so is the weight change (its two sums per
 * network and layer on the GPU). What comes back to the host is O(networks), never the weights.
 *
 *   const trainer = new GpuTrainer(session);
 *   for await (const traces of trainer.run(spec, networks, { signal })) summary.add(...traces);
 */
import { Purpose } from '../../random/address.ts';
import { uniformThresholdWord } from '../../random/normals.ts';
import { abortError } from '../types.ts';
import { loggedSteps, ntkInputsOf, type NetworkTrace, type TrainSpec } from '../training/cpu-trainer.ts';
import { STORAGE } from './buffers.ts';
import { activationCode } from './codes.ts';
import { Dispatcher, type Kernel } from './dispatcher.ts';
import { StoredDense } from './dense-stored.ts';
import { Pacer } from './pacer.ts';
import type { GpuSession } from './session.ts';
import { DEFAULT_LIMITS, networksPerChunk } from './train-chunking.ts';

const FILES = ['rng.wgsl', 'activations.wgsl', 'train_step.wgsl'];
/** Losses beyond this count as overflow (the CPU trainer's bound). */
const OVERFLOW = 1e30;

interface LayerShape {
  nIn: number;
  nOut: number;
}

export interface GpuTrainOptions {
  signal?: AbortSignal;
  /** Networks per chunk at most (default: as many as the adapter's binding limit allows, up to 512). */
  chunkNetworks?: number;
  /** Called after each submission with the networks done (fractional within a chunk), reaching `total` at the end. */
  onProgress?: (done: number, total: number) => void;
}

export class GpuTrainer {
  private readonly dense: StoredDense;
  private kernels:
    | Record<
        | 'act_forward'
        | 'act_backward'
        | 'residual'
        | 'update'
        | 'init'
        | 'dropout_mask'
        | 'layer_norm'
        | 'layer_norm_backward'
        | 'weight_change',
        Kernel
      >
    | undefined;
  private device: GPUDevice | undefined;
  /**
   * Sizes submissions in whole steps (units: multiply-adds x2 of a step's matmuls), so a
   * cheap step shares a submission with others and an expensive one goes alone.
   */
  readonly pacer = new Pacer();
  /** Largest buffer of the last run, in bytes. */
  largestBuffer = 0;

  /** `dense.direct`: the matmul kernel, untiled or tiled (default: untiled on software adapters only). */
  constructor(
    readonly session: GpuSession,
    options: { dense?: { direct?: boolean } } = {},
  ) {
    this.dense = new StoredDense(session, options.dense);
  }

  private async prepare(): Promise<void> {
    const gpu = await this.session.context();
    await this.dense.prepare();
    if (this.kernels && this.device === gpu.device) return;
    const k = (entry: string) => this.session.kernel(FILES, entry);
    this.kernels = {
      act_forward: await k('act_forward'),
      act_backward: await k('act_backward'),
      residual: await k('residual'),
      update: await k('update'),
      init: await k('init'),
      dropout_mask: await k('dropout_mask'),
      layer_norm: await k('layer_norm'),
      layer_norm_backward: await k('layer_norm_backward'),
      weight_change: await k('weight_change'),
    };
    this.device = gpu.device;
  }

  /** Networks per chunk within the adapter's buffer limits (see train-chunking.ts). */
  chunkSize(spec: TrainSpec, options: GpuTrainOptions): number {
    return networksPerChunk(spec, this.session.gpu?.device.limits ?? DEFAULT_LIMITS, options.chunkNetworks);
  }

  /** Trains networks 0..networks-1 of `spec`, yielding each chunk's traces in network order. */
  async *run(
    spec: TrainSpec,
    networks: number,
    options: GpuTrainOptions = {},
  ): AsyncGenerator<NetworkTrace[]> {
    await this.prepare();
    const chunk = this.chunkSize(spec, options);
    for (let first = 0; first < networks; first += chunk) {
      if (options.signal?.aborted) throw abortError();
      const count = Math.min(chunk, networks - first);
      const progress = (fraction: number) => options.onProgress?.(first + count * fraction, networks);
      yield await this.trainChunk(spec, first, count, options.signal, progress);
      options.onProgress?.(first + count, networks);
    }
  }

  private async trainChunk(
    spec: TrainSpec,
    first: number,
    M: number,
    signal: AbortSignal | undefined,
    progress: (fraction: number) => void,
  ): Promise<NetworkTrace[]> {
    const { session } = this;
    const device = session.gpu!.device;
    const kernels = this.kernels!;
    const shapes = layerShapes(spec);
    const L = shapes.length;
    const N = spec.inputs.length;
    const T = spec.tests.length;
    const B = N + T;
    const all = [...spec.inputs, ...spec.tests];
    const n0 = spec.inputs[0].length;
    const buffer = (name: string, floats: number) =>
      session.buffer(`train.${name}`, 4 * Math.max(1, floats), STORAGE);
    const upload = (buf: GPUBuffer, data: Float32Array<ArrayBuffer>) =>
      device.queue.writeBuffer(buf, 0, data);

    // Inputs, one copy per network (the matmul addresses them per network): all B columns for
    // the logged steps, the N training columns alone for the others.
    const inputsOf = (cols: number) => {
      const xs = new Float32Array(M * n0 * cols);
      for (let m = 0; m < M; m++)
        for (let j = 0; j < n0; j++) for (let p = 0; p < cols; p++) xs[(m * n0 + j) * cols + p] = all[p][j];
      const buf = buffer(`a0_${cols === B ? 'all' : 'train'}`, M * n0 * cols);
      upload(buf, xs);
      return buf;
    };
    const A0 = inputsOf(B);
    const A0train = inputsOf(N);
    // Per network, the first step whose training loss overflowed (train_step.wgsl's residual).
    const NOT_DIVERGED = 0xffffffff;
    const diverged = buffer('diverged', M);
    device.queue.writeBuffer(diverged, 0, new Uint32Array(M).fill(NOT_DIVERGED));
    const targets = buffer('y', B);
    upload(
      targets,
      Float32Array.from({ length: B }, (_, p) => (p < N ? spec.targets[p] : 0)),
    );

    const layers = shapes.map(({ nIn, nOut }, l) => {
      const W = buffer(`w${l}`, M * nOut * nIn);
      const W0 = buffer(`w0_${l}`, M * nOut * nIn);
      const b = buffer(`b${l}`, M * nOut);
      const b0 = buffer(`b0_${l}`, M * nOut);
      return {
        nIn,
        nOut,
        W,
        W0,
        b,
        b0,
        Z: buffer(`z${l}`, M * nOut * B),
        // Z, A, U and dZ hold `batch` columns per unit, batch = B or N (row stride batch).
        // The layer's output activations (hidden layers only); layer 0's input is A0 or A0train.
        A: l < L - 1 ? buffer(`a${l + 1}`, M * nOut * B) : undefined,
        // LayerNorm's output, the nonlinearity's argument (hidden layers, with LayerNorm only).
        U: l < L - 1 && spec.layerNorm ? buffer(`u${l}`, M * nOut * B) : undefined,
        // Dropout factors of the last masked pass, per network and unit (bound even without dropout).
        mask: buffer(`mask${l}`, M * nOut),
        dZ: buffer(`dz${l}`, M * nOut * B),
        db: buffer(`db${l}`, M * nOut),
      };
    });
    // With dropout the logged (unmasked) pass writes z_L here, apart from the masked pass's.
    const dropout = spec.dropout > 0;
    const zLog = dropout ? buffer('zlog', M * B) : layers[L - 1].Z;
    this.largestBuffer = Math.max(this.largestBuffer, session.largestBuffer);
    const input = (l: number, batch: number) => (l === 0 ? (batch === B ? A0 : A0train) : layers[l - 1].A!);
    const act = activationCode(spec.activation);
    const slope = spec.activation.slope;
    const elementwise = async (
      d: Dispatcher,
      kernel: Kernel,
      params: Record<string, number>,
      buffers: Record<string, GPUBuffer>,
      total: number,
    ) => {
      const groups = Math.ceil(total / session.workgroupSize);
      const x = Math.min(groups, 65535);
      await d.dispatch(kernel, params, buffers, [x, Math.ceil(groups / x)]);
    };

    const word = uniformThresholdWord(spec.dropout);
    // A p so close to 1 that no word reaches it drops every unit: 2^32 is no u32, so "keep all with factor 0".
    const keep =
      word < 2 ** 32
        ? { keep_word: word, keep_scale: 1 / (1 - spec.dropout) }
        : { keep_word: 0, keep_scale: 0 };
    // masked: 1 in the passes of a gradient with dropout (forward and backward), else 0.
    const masked = dropout ? 1 : 0;
    /**
     * Forward pass over the first `batch` columns (B at logged steps, else N), with step t's
     * dropout mask (t >= 0, dropout on) or without (t = -1); z_L into `top`.
     */
    const forward = async (d: Dispatcher, t: number, batch: number, top: GPUBuffer) => {
      for (let l = 0; l < L; l++) {
        const { nIn, nOut, W, b, Z, A, U, mask } = layers[l];
        await this.dense.queueForward(
          d,
          { networks: M, nIn, nOut, batch },
          { w: W, b, x: input(l, batch), z: A ? Z : top },
        );
        if (!A) continue;
        if (U)
          await elementwise(
            d,
            kernels.layer_norm,
            { count: nOut, batch, networks: M },
            { x: U, g: Z },
            M * batch,
          );
        if (t >= 0 && dropout)
          await elementwise(
            d,
            kernels.dropout_mask,
            { count: nOut, networks: M, seed: spec.seed, first, layer: l + 1, step: t, ...keep },
            { x: mask },
            M * nOut,
          );
        await elementwise(
          d,
          kernels.act_forward,
          { count: nOut * batch, batch, networks: M, act, slope, masked: t >= 0 ? masked : 0 },
          { x: A, g: U ?? Z, mask },
          M * nOut * batch,
        );
      }
    };
    /**
     * Step t's training loss of z_L (`z`, `batch` columns per network) checked for overflow
     * (recorded in `diverged`); with `grad`, also dL/dz_L into the top layer's dZ.
     */
    const residual = (d: Dispatcher, t: number, batch: number, z: GPUBuffer, grad: boolean) =>
      elementwise(
        d,
        kernels.residual,
        { batch, networks: M, train: N, inv_train: 1 / N, write_grad: grad ? 1 : 0, step: t },
        { x: layers[L - 1].dZ, g: z, y: targets, diverged },
        M,
      );
    // Readout-only training needs no gradient below the last layer.
    const lowest = spec.readoutOnly ? L - 1 : 0;
    /**
     * Backward over the `batch` columns of the last forward pass, from the top dZ already
     * written, down to layer `bottom`: each layer's dZ, db, and the dZ below it through the mask
     * (`mask`: 1 in a gradient's passes with dropout), sigma' at its argument and LayerNorm.
     * `atLayer(l)` queues what needs layer l's dZ once it is final.
     */
    const backward = async (
      d: Dispatcher,
      batch: number,
      bottom: number,
      mask: number,
      atLayer?: (l: number) => Promise<void>,
    ) => {
      for (let l = L - 1; l >= bottom; l--) {
        const { nIn, nOut, W, dZ, db } = layers[l];
        const below = l > bottom ? layers[l - 1] : undefined;
        await this.dense.queueBackward(
          d,
          { networks: M, nIn, nOut, batch },
          { w: W, x: input(l, batch), dz: dZ, dx: below?.dZ, db },
        );
        await atLayer?.(l);
        if (!below) continue;
        await elementwise(
          d,
          kernels.act_backward,
          { count: below.nOut * batch, batch, networks: M, act, slope, masked: mask },
          { x: below.dZ, y: below.U ?? below.Z, mask: below.mask },
          M * below.nOut * batch,
        );
        if (below.U)
          await elementwise(
            d,
            kernels.layer_norm_backward,
            { count: below.nOut, batch, networks: M },
            { x: below.dZ, y: below.U, g: below.Z },
            M * batch,
          );
      }
    };
    /** Backward over the `batch` columns of the last forward pass, from the top dZ the residual wrote, then the update. */
    const backwardAndUpdate = async (d: Dispatcher, batch: number) => {
      await backward(d, batch, lowest, masked);
      for (let l = lowest; l < L; l++) {
        const { nIn, nOut, W, W0, b, b0, db } = layers[l];
        const common = {
          networks: M,
          decay: spec.eta * spec.l2,
          towards_init: spec.l2Target === 'init' ? 1 : 0,
        };
        // The step fused with its gradient dW = dZ A^T: no dW is written or read back, on any
        // adapter (the gradient's products are only a batch long, so tiling would gain nothing).
        await this.dense.queueWeightStep(
          d,
          { networks: M, nIn, nOut, batch },
          { w: W, x: input(l, batch), dz: layers[l].dZ, target: W0, halted: diverged },
          { rate: (spec.eta * spec.cw) / nIn, decay: common.decay, towardsInit: common.towards_init === 1 },
        );
        if (spec.cb > 0)
          await elementwise(
            d,
            kernels.update,
            { ...common, count: nOut, rate: spec.eta * spec.cb },
            { x: b, g: db, y: b0, diverged },
            M * nOut,
          );
      }
    };

    // The empirical NTK on the first P columns (all N + T, or the N training inputs), as the
    // CPU's Network.ntk: a forward pass without the mask, a backward pass from df/dz_L = 1 in
    // every column (each column's deltas are its own input's), and per layer the Gram matrices
    // of its inputs (a_p . a_q) and of its deltas (delta_p . delta_q), read back and combined
    // on the host in f64: Theta = sum_l (C_W/n_in a_p . a_q + C_b) delta_p . delta_q.
    const P = ntkInputsOf(spec).length;
    const grams = layers.map((_, l) => ({
      a: buffer(`gram_a${l}`, M * P * P),
      g: buffer(`gram_g${l}`, M * P * P),
    }));
    const ones = new Float32Array(M * P).fill(1);
    const empiricalNtk = async (d: Dispatcher): Promise<Float64Array[]> => {
      await forward(d, -1, P, layers[L - 1].Z);
      // Written between submissions, so it lands after what came before (the last step's dZ).
      await d.flush();
      upload(layers[L - 1].dZ, ones);
      // Every layer's deltas, without the mask; each layer's two Gram matrices once its dZ is final.
      await backward(d, P, 0, 0, async (l) => {
        await this.dense.queueGram(
          d,
          { networks: M, rows: layers[l].nIn, batch: P },
          { x: input(l, P), gram: grams[l].a },
        );
        await this.dense.queueGram(
          d,
          { networks: M, rows: layers[l].nOut, batch: P },
          { x: layers[l].dZ, gram: grams[l].g },
        );
      });
      await d.flush();
      const sums = await Promise.all(
        grams.map(async ({ a, g }) => ({
          a: await session.read(a, 4 * M * P * P),
          g: await session.read(g, 4 * M * P * P),
        })),
      );
      return Array.from({ length: M }, (_, m) => {
        const theta = new Float64Array(P * P);
        sums.forEach(({ a, g }, l) => {
          const sw2 = spec.cw / shapes[l].nIn;
          for (let q = 0; q < P * P; q++) theta[q] += (sw2 * a[m * P * P + q] + spec.cb) * g[m * P * P + q];
        });
        return theta;
      });
    };

    const logs = loggedSteps(spec.steps, spec.logEvery);
    const traces: NetworkTrace[] = Array.from({ length: M }, () => ({
      loss: new Float64Array(logs.length).fill(NaN),
      test: new Float64Array(logs.length * T).fill(NaN),
      weightChange: new Float64Array(L),
      ntkStart: new Float64Array(P * P).fill(NaN),
      ntkEnd: new Float64Array(P * P).fill(NaN),
      divergedAt: -1,
    }));
    // A step's matmul work (2 flops per multiply-add): forward W A over its columns (with dropout
    // an unmasked pass and a masked one over N), backward W^T dZ and dZ A^T over the gradient's.
    const macs = shapes.reduce((sum, s) => sum + s.nIn * s.nOut, 0);
    const isLogged = new Set(logs);
    const stepFlops = (t: number) => {
      const cols = isLogged.has(t) ? B : N;
      if (t === spec.steps) return 2 * M * cols * macs;
      return 2 * M * macs * (dropout ? cols + 3 * N : 3 * cols);
    };
    if (this.pacer.samples === 0) this.pacer.budget = stepFlops(spec.steps > 1 ? 1 : 0);
    let log = 0;
    let queuedFlops = 0;
    // One dispatcher for the chunk: steps accumulate in its pending batch until a logged step
    // (whose z_L is read back), the end, or the pacer's budget; it checks the signal after each submission.
    const d = new Dispatcher(session, { signal });
    // Initial weights drawn on the GPU at the CPU trainer's addresses (same values to f32 rounding).
    for (let l = 0; l < L; l++) {
      const { nIn, nOut, W, W0, b, b0 } = layers[l];
      const draw = { networks: M, seed: spec.seed, first, layer: l + 1 };
      for (const x of [W, W0])
        await elementwise(
          d,
          kernels.init,
          { ...draw, count: nOut * nIn, cols: nIn, purpose: Purpose.Weight, rate: Math.sqrt(spec.cw / nIn) },
          { x },
          M * nOut * nIn,
        );
      for (const x of [b, b0])
        await elementwise(
          d,
          kernels.init,
          { ...draw, count: nOut, cols: nOut, purpose: Purpose.Bias, rate: Math.sqrt(spec.cb) },
          { x },
          M * nOut,
        );
    }
    const ntkStart = await empiricalNtk(d);
    ntkStart.forEach((theta, m) => (traces[m].ntkStart = theta));
    for (let t = 0; t <= spec.steps; t++) {
      if (signal?.aborted) throw abortError();
      const logged = logs[log] === t;
      // As the CPU: the test columns ride along at logged steps only.
      const cols = logged ? B : N;
      const last = t === spec.steps;
      // The unmasked pass, every step: the record at logged steps and the overflow check. Without
      // dropout it is also the gradient's pass; with dropout the gradient's is masked, over N.
      await forward(d, -1, cols, zLog);
      await residual(d, t, cols, zLog, !dropout && !last);
      if (!last) {
        if (dropout) {
          await forward(d, t, N, layers[L - 1].Z);
          await residual(d, t, N, layers[L - 1].Z, true);
        }
        await backwardAndUpdate(d, dropout ? N : cols);
      }
      queuedFlops += stepFlops(t);
      if (!logged && !last && queuedFlops + stepFlops(t + 1) <= this.pacer.budget) continue;
      const start = performance.now();
      await d.flush();
      this.pacer.record(queuedFlops, performance.now() - start);
      queuedFlops = 0;
      progress((t + 1) / (spec.steps + 1));
      if (!logged) continue;
      // z_L of this step's unmasked forward pass (what came after it in the submission wrote
      // elsewhere), and the step each network diverged at, if it has.
      const z = await session.read(zLog, 4 * M * B);
      const div = new Uint32Array((await session.read(diverged, 4 * M)).buffer, 0, M);
      for (let m = 0; m < M; m++) {
        const tr = traces[m];
        if (div[m] !== NOT_DIVERGED) tr.divergedAt = div[m];
        let sq = 0;
        for (let p = 0; p < N; p++) sq += (z[m * B + p] - spec.targets[p]) ** 2;
        const loss = sq / (2 * N);
        // The CPU records step t's loss unless it overflowed: a network diverged before t, or at
        // t by this pass, records nothing (one diverged at t by the masked pass still records).
        if (!(Math.abs(loss) < OVERFLOW)) {
          // Only where f32 rounding put the GPU's own sum just under the bound.
          if (tr.divergedAt < 0) tr.divergedAt = t;
          continue;
        }
        if (tr.divergedAt >= 0 && tr.divergedAt < t) continue;
        tr.loss[log] = loss;
        for (let q = 0; q < T; q++) tr.test[log * T + q] = z[m * B + N + q];
      }
      log++;
    }
    // Without a step the weights are the initial ones (widelab ntk's runs): the same NTK.
    const ntkEnd = spec.steps === 0 ? ntkStart.map((theta) => theta.slice()) : await empiricalNtk(d);
    // The weight change's sums per network and layer, on the GPU (train_step.wgsl's weight_change).
    const changeSums = buffer('change', 2 * M * L);
    const sums: Float32Array[] = [];
    for (const { nIn, nOut, W, W0 } of layers) {
      const x = Math.min(M, 65535);
      await d.dispatch(
        kernels.weight_change,
        { count: nOut * nIn, networks: M },
        { x: changeSums, g: W, y: W0 },
        [x, Math.ceil(M / x)],
      );
      await d.flush();
      sums.push(await session.read(changeSums, 4 * 2 * M));
    }
    for (let m = 0; m < M; m++) {
      const tr = traces[m];
      for (let l = 0; l < L; l++) {
        const [dd, nn] = [sums[l][2 * m], sums[l][2 * m + 1]];
        tr.weightChange[l] = nn > 0 ? Math.sqrt(dd / nn) : 0;
      }
      // A diverged network keeps NaN (its weights stopped where they overflowed).
      if (tr.divergedAt < 0) tr.ntkEnd = ntkEnd[m];
    }
    return traces;
  }
}

function layerShapes(spec: TrainSpec): LayerShape[] {
  const n0 = spec.inputs[0].length;
  return Array.from({ length: spec.depth }, (_, k) => ({
    nIn: k === 0 ? n0 : spec.width,
    nOut: k === spec.depth - 1 ? 1 : spec.width,
  }));
}
