/**
 * The stored-weight dense layer on WebGPU (shaders/dense_stored.wgsl), batched over networks:
 * the start of the training engine's stored-weight matmuls (and the NTK's), which the
 * ensemble engines do not use (they generate weights in the shader). Forward Z = W X + b, backward dX = W^T dZ, dW = dZ X^T,
 * db = sum over the batch of dZ. Every matrix is row-major per network, networks back to back:
 * W is n_out x n_in, X is n_in x batch, Z and dZ are n_out x batch, b and db are n_out.
 *
 *   const layer = new StoredDense(session);            // session: a GpuSession
 *   await layer.forward(shape, { w, b, x, z });         // GPUBuffers
 *   await layer.backward(shape, { w, x, dz, dx, dw, db }, { accumulate: true });
 *
 * Each call is one submission (several dispatches). To batch a training step into one
 * submission: `await layer.prepare()` (compiles the kernels), then `queueForward` /
 * `queueBackward` add the dispatches to a Dispatcher of the caller's, which submits them on
 * its flush(). `queueGram` is X^T X per network (the empirical NTK's sums). `queueWeightStep`
 * is a gradient step on W fused with its gradient dW = dZ X^T (no dW buffer written or read),
 * the trainer's weight step on every adapter.
 */
import type { GpuSession } from './session.ts';
import { STORAGE } from './buffers.ts';
import { Dispatcher, type Kernel } from './dispatcher.ts';

const FILES = ['dense_stored.wgsl'];

export interface DenseShape {
  networks: number;
  nIn: number;
  nOut: number;
  batch: number;
}

export interface ForwardBuffers {
  w: GPUBuffer;
  b: GPUBuffer;
  x: GPUBuffer;
  z: GPUBuffer;
}

export interface BackwardBuffers {
  w: GPUBuffer;
  x: GPUBuffer;
  dz: GPUBuffer;
  /** Left out: dX is not computed (the first layer needs no input gradient). */
  dx?: GPUBuffer;
  /** Left out: dW is not computed (queueWeightStep applies it instead). */
  dw?: GPUBuffer;
  db: GPUBuffer;
}

export interface WeightStepBuffers {
  /** W, updated in place. */
  w: GPUBuffer;
  x: GPUBuffer;
  dz: GPUBuffer;
  /** The L2 target of W (its layout), read only with towardsInit. */
  target: GPUBuffer;
  /** Per network u32: 0xffffffff steps it, anything else leaves its W as it is. */
  halted: GPUBuffer;
}

export interface WeightStep {
  /** W -= rate dW + decay (W - (towardsInit ? target : 0)). */
  rate: number;
  decay: number;
  towardsInit: boolean;
}

/** One strided batched matmul C = A B (+ bias) (+ C), in the shader's terms. */
interface Matmul {
  m: number;
  n: number;
  p: number;
  a_row: number;
  a_col: number;
  a_net: number;
  b_row: number;
  b_col: number;
  b_net: number;
  c_net: number;
  bias_net: number;
  use_bias: number;
  accumulate: number;
  rate?: number;
  decay?: number;
  towards_init?: number;
}

export class StoredDense {
  private dummy: GPUBuffer | undefined;
  private ready:
    { device: GPUDevice; direct: boolean; matmul: Kernel; biasGrad: Kernel; step: Kernel } | undefined;

  /** `tile`: the workgroup is tile x tile invocations (default 16, less where the device allows less). */
  constructor(
    readonly session: GpuSession,
    private readonly options: { tile?: number; direct?: boolean } = {},
  ) {}

  /** The tile edge actually used: a power of two with tile^2 invocations allowed by the device. */
  get tile(): number {
    const limits = this.session.gpu?.device.limits;
    const invocations = limits?.maxComputeInvocationsPerWorkgroup ?? 256;
    const maxEdge = Math.min(
      limits?.maxComputeWorkgroupSizeX ?? 256,
      limits?.maxComputeWorkgroupSizeY ?? 256,
      Math.floor(Math.sqrt(invocations)),
      32,
    );
    return Math.min(this.options.tile ?? 16, 2 ** Math.floor(Math.log2(maxEdge)));
  }

  /** Compiles the pipelines on the session's current device (again after a device loss). */
  async prepare(): Promise<void> {
    const gpu = await this.session.context();
    if (this.ready?.device === gpu.device) return;
    const constants = { TILE: this.tile };
    // Software adapters run the untiled kernel (its barriers are what they are slow at).
    const direct = this.options.direct ?? gpu.adapter.software;
    const matmul = await this.session.kernel(FILES, direct ? 'matmul_direct' : 'matmul', constants);
    const biasGrad = await this.session.kernel(FILES, 'bias_grad', constants);
    const step = await this.session.kernel(FILES, 'matmul_step', constants);
    this.dummy = undefined;
    this.ready = { device: gpu.device, direct, matmul, biasGrad, step };
  }

  private kernels(): { direct: boolean; matmul: Kernel; biasGrad: Kernel; step: Kernel } {
    if (!this.ready || this.ready.device !== this.session.gpu?.device)
      throw new Error('StoredDense: call prepare() on this device first');
    return this.ready;
  }

  /** Networks per dispatch: the grid's z dimension is limited. */
  private netsPerDispatch(): number {
    return this.session.gpu?.device.limits.maxComputeWorkgroupsPerDimension ?? 65535;
  }

  private async queueMatmul(
    d: Dispatcher,
    kernel: Kernel,
    networks: number,
    mm: Matmul,
    a: GPUBuffer,
    b: GPUBuffer,
    bias: GPUBuffer | undefined,
    c: GPUBuffer,
  ): Promise<void> {
    // The kernel reads `bias` only when use_bias is set, but the binding must be filled.
    this.dummy ??= this.session.buffer('dense-stored.dummy', 16, STORAGE);
    for (let n0 = 0; n0 < networks; n0 += this.netsPerDispatch()) {
      const count = Math.min(this.netsPerDispatch(), networks - n0);
      await d.dispatch(
        kernel,
        { ...mm, net_offset: n0, networks: count },
        { a, b, bias: bias ?? this.dummy, c },
        this.grid(mm, count),
      );
    }
  }

  /**
   * The workgroups of a matmul: a TILE x TILE block of C each (tiled), or TILE^2 consecutive
   * cells of a row and 4 columns each, over x then y (direct, as dense_stored.wgsl's direct_cell).
   */
  private grid(mm: Matmul, networks: number, direct = this.kernels().direct): [number, number, number] {
    const t = this.tile;
    if (!direct) return [Math.ceil(mm.n / t), Math.ceil(mm.m / t), networks];
    const groups = Math.ceil((mm.m * Math.ceil(mm.n / 4)) / (t * t));
    const x = Math.min(groups, this.netsPerDispatch());
    return [x, Math.ceil(groups / x), networks];
  }

  /** Queues Z = W X + b on `d`. */
  async queueForward(d: Dispatcher, shape: DenseShape, buf: ForwardBuffers): Promise<void> {
    const { matmul } = this.kernels();
    const { nIn, nOut, batch } = shape;
    await this.queueMatmul(
      d,
      matmul,
      shape.networks,
      {
        m: nOut,
        n: batch,
        p: nIn,
        a_row: nIn,
        a_col: 1,
        a_net: nOut * nIn,
        b_row: batch,
        b_col: 1,
        b_net: nIn * batch,
        c_net: nOut * batch,
        bias_net: nOut,
        use_bias: 1,
        accumulate: 0,
      },
      buf.w,
      buf.x,
      buf.b,
      buf.z,
    );
  }

  /**
   * Queues dX = W^T dZ, dW = dZ X^T and db = sum_batch dZ on `d`. With `accumulate`, dW and
   * db are added to what the buffers hold (gradient accumulation over mini-batches); dX is
   * always overwritten.
   */
  async queueBackward(
    d: Dispatcher,
    shape: DenseShape,
    buf: BackwardBuffers,
    options: { accumulate?: boolean } = {},
  ): Promise<void> {
    const { matmul, biasGrad } = this.kernels();
    const { networks, nIn, nOut, batch } = shape;
    const acc = options.accumulate ? 1 : 0;
    if (buf.dx) {
      // A = W^T: A(m, p) = W[p][m].
      await this.queueMatmul(
        d,
        matmul,
        networks,
        {
          m: nIn,
          n: batch,
          p: nOut,
          a_row: 1,
          a_col: nIn,
          a_net: nOut * nIn,
          b_row: batch,
          b_col: 1,
          b_net: nOut * batch,
          c_net: nIn * batch,
          bias_net: 0,
          use_bias: 0,
          accumulate: 0,
        },
        buf.w,
        buf.dz,
        undefined,
        buf.dx,
      );
    }
    if (buf.dw)
      await this.queueMatmul(d, matmul, networks, weightGrad(shape, acc), buf.dz, buf.x, undefined, buf.dw);
    const t = this.tile;
    for (let n0 = 0; n0 < networks; n0 += this.netsPerDispatch()) {
      const count = Math.min(this.netsPerDispatch(), networks - n0);
      const params = {
        m: nOut,
        n: 1,
        p: batch,
        a_row: batch,
        a_col: 1,
        a_net: nOut * batch,
        c_net: nOut,
        accumulate: acc,
        net_offset: n0,
        networks: count,
      };
      await d.dispatch(biasGrad, params, { a: buf.dz, c: buf.db }, [Math.ceil(nOut / (t * t)), 1, count]);
    }
  }

  /**
   * Queues W -= rate dZ X^T + decay (W - target) on `d` (networks not halted), as the gradient
   * queueBackward writes into dW followed by that update, to f32 rounding the same values, with
   * four columns of W per invocation.
   */
  async queueWeightStep(
    d: Dispatcher,
    shape: DenseShape,
    buf: WeightStepBuffers,
    step: WeightStep,
  ): Promise<void> {
    const { step: kernel } = this.kernels();
    const mm = {
      ...weightGrad(shape, 0),
      rate: step.rate,
      decay: step.decay,
      towards_init: step.towardsInit ? 1 : 0,
    };
    for (let n0 = 0; n0 < shape.networks; n0 += this.netsPerDispatch()) {
      const count = Math.min(this.netsPerDispatch(), shape.networks - n0);
      await d.dispatch(
        kernel,
        { ...mm, net_offset: n0, networks: count },
        { a: buf.dz, b: buf.x, c: buf.w, c_target: buf.target, halted: buf.halted },
        // matmul_step runs on matmul_direct's cells whichever matmul the adapter gets (the
        // tiled grid would cover them too, with four times the invocations, most idle).
        this.grid(mm, count, true),
      );
    }
  }

  /**
   * Queues the Gram matrices G = X^T X of every network on `d`: X is `rows` x `batch` (row
   * stride batch), G is batch x batch (the NTK's per-layer sums a_p . a_q and delta_p . delta_q).
   */
  async queueGram(
    d: Dispatcher,
    shape: { networks: number; rows: number; batch: number },
    buf: { x: GPUBuffer; gram: GPUBuffer },
  ): Promise<void> {
    const { matmul } = this.kernels();
    const { networks, rows, batch } = shape;
    // A = X^T: A(m, p) = X[p][m]; B = X.
    await this.queueMatmul(
      d,
      matmul,
      networks,
      {
        m: batch,
        n: batch,
        p: rows,
        a_row: 1,
        a_col: batch,
        a_net: rows * batch,
        b_row: batch,
        b_col: 1,
        b_net: rows * batch,
        c_net: batch * batch,
        bias_net: 0,
        use_bias: 0,
        accumulate: 0,
      },
      buf.x,
      buf.x,
      undefined,
      buf.gram,
    );
  }

  /** Z = W X + b in one submission. */
  async forward(shape: DenseShape, buf: ForwardBuffers): Promise<void> {
    await this.prepare();
    const d = new Dispatcher(this.session);
    await this.queueForward(d, shape, buf);
    await d.flush();
  }

  /** dX, dW, db in one submission. */
  async backward(
    shape: DenseShape,
    buf: BackwardBuffers,
    options: { accumulate?: boolean } = {},
  ): Promise<void> {
    await this.prepare();
    const d = new Dispatcher(this.session);
    await this.queueBackward(d, shape, buf, options);
    await d.flush();
  }
}

/** dW = dZ X^T as the shader's C = A B: A = dZ, B = X^T (B(p, n) = X[n][p]). */
function weightGrad({ nIn, nOut, batch }: DenseShape, accumulate: number): Matmul {
  return {
    m: nOut,
    n: nIn,
    p: batch,
    a_row: batch,
    a_col: 1,
    a_net: nOut * batch,
    b_row: 1,
    b_col: batch,
    b_net: nIn * batch,
    c_net: nOut * nIn,
    bias_net: 0,
    use_bias: 0,
    accumulate,
  };
}
