/**
 * The trainer's three dense loops over one heap of f64 values (every "pointer" below is an
 * index into it): WebAssembly SIMD (wasm/train-kernels.wat, two lanes, four inputs per load of
 * a weight pair, then two) where the platform runs it, else the same loops in JavaScript.
 * Weights are row-major w[i * nIn + j]; activations input-major a[p * n + j]; P is even.
 *
 *   const k = denseKernels();
 *   const heap = k.reserve(elements);           // views made before a reserve() are invalid
 *   k.dotRows(w, nOut, nIn, a, P, out);         // out[p * nOut + i] = sum_j w[i, j] a[p, j]
 *   k.backRows(w, nOut, nIn, u, P, out);        // out[p * nIn + j] += sum_i w[i, j] u[p * nOut + i]
 *   k.updateRows(w, nOut, nIn, d, a, P, coef);  // w[i, j] -= coef sum_p d[p * nOut + i] a[p, j]
 */
import { decodeBase64 } from '../cpu/normal-source.ts';
import { TRAIN_KERNELS_WASM_BASE64 } from './wasm/train-kernels-wasm.ts';

export interface DenseKernels {
  readonly name: 'wasm' | 'js';
  /** Room for at least `elements` f64 values; returns the heap. */
  reserve(elements: number): Float64Array;
  dotRows(w: number, nOut: number, nIn: number, a: number, P: number, out: number): void;
  backRows(w: number, nOut: number, nIn: number, u: number, P: number, out: number): void;
  updateRows(w: number, nOut: number, nIn: number, d: number, a: number, P: number, coef: number): void;
}

class JsKernels implements DenseKernels {
  readonly name = 'js' as const;
  private heap = new Float64Array(0);

  reserve(elements: number): Float64Array {
    if (this.heap.length < elements) {
      const next = new Float64Array(elements);
      next.set(this.heap);
      this.heap = next;
    }
    return this.heap;
  }

  dotRows(w: number, nOut: number, nIn: number, a: number, P: number, out: number): void {
    const h = this.heap;
    for (let p = 0; p < P; p++) {
      const ap = a + p * nIn;
      for (let i = 0; i < nOut; i++) {
        const wi = w + i * nIn;
        let s = 0;
        for (let j = 0; j < nIn; j++) s += h[wi + j] * h[ap + j];
        h[out + p * nOut + i] = s;
      }
    }
  }

  backRows(w: number, nOut: number, nIn: number, u: number, P: number, out: number): void {
    const h = this.heap;
    for (let p = 0; p < P; p++) {
      const op = out + p * nIn;
      for (let i = 0; i < nOut; i++) {
        const c = h[u + p * nOut + i];
        if (c === 0) continue;
        const wi = w + i * nIn;
        for (let j = 0; j < nIn; j++) h[op + j] += h[wi + j] * c;
      }
    }
  }

  updateRows(w: number, nOut: number, nIn: number, d: number, a: number, P: number, coef: number): void {
    const h = this.heap;
    for (let i = 0; i < nOut; i++) {
      const wi = w + i * nIn;
      for (let p = 0; p < P; p++) {
        const c = coef * h[d + p * nOut + i];
        if (c === 0) continue;
        const ap = a + p * nIn;
        for (let j = 0; j < nIn; j++) h[wi + j] -= c * h[ap + j];
      }
    }
  }
}

type Rows = (w: number, nOut: number, nIn: number, a: number, P: number, out: number) => void;
type UpdateRows = (
  w: number,
  nOut: number,
  nIn: number,
  d: number,
  a: number,
  P: number,
  coef: number,
) => void;
/** The two-input forms (P = 2, no P argument). */
type Rows2 = (w: number, nOut: number, nIn: number, a: number, out: number) => void;
type UpdateRows2 = (w: number, nOut: number, nIn: number, d: number, a: number, coef: number) => void;

interface WasmExports {
  memory: WebAssembly.Memory;
  dotRows: Rows;
  backRows: Rows;
  updateRows: UpdateRows;
  dotRows2: Rows2;
  backRows2: Rows2;
  updateRows2: UpdateRows2;
}

class WasmKernels implements DenseKernels {
  readonly name = 'wasm' as const;
  private view: Float64Array;

  private readonly memory: WebAssembly.Memory;

  constructor(private readonly x: WasmExports) {
    this.memory = x.memory;
    this.view = new Float64Array(this.memory.buffer);
  }

  reserve(elements: number): Float64Array {
    const bytes = elements * 8;
    if (this.memory.buffer.byteLength < bytes)
      this.memory.grow(Math.ceil((bytes - this.memory.buffer.byteLength) / 65536));
    if (this.view.buffer !== this.memory.buffer || this.view.length * 8 !== this.memory.buffer.byteLength)
      this.view = new Float64Array(this.memory.buffer);
    return this.view;
  }

  // Inputs in fours, then the last two (if P is not a multiple of 4) from their offsets.
  dotRows(w: number, nOut: number, nIn: number, a: number, P: number, out: number): void {
    const P4 = P & ~3;
    if (P4 > 0) this.x.dotRows(8 * w, nOut, nIn, 8 * a, P4, 8 * out);
    if (P4 < P) this.x.dotRows2(8 * w, nOut, nIn, 8 * (a + P4 * nIn), 8 * (out + P4 * nOut));
  }

  backRows(w: number, nOut: number, nIn: number, u: number, P: number, out: number): void {
    const P4 = P & ~3;
    if (P4 > 0) this.x.backRows(8 * w, nOut, nIn, 8 * u, P4, 8 * out);
    if (P4 < P) this.x.backRows2(8 * w, nOut, nIn, 8 * (u + P4 * nOut), 8 * (out + P4 * nIn));
  }

  updateRows(w: number, nOut: number, nIn: number, d: number, a: number, P: number, coef: number): void {
    const P4 = P & ~3;
    if (P4 > 0) this.x.updateRows(8 * w, nOut, nIn, 8 * d, 8 * a, P4, coef);
    if (P4 < P) this.x.updateRows2(8 * w, nOut, nIn, 8 * (d + P4 * nOut), 8 * (a + P4 * nIn), coef);
  }
}

function createWasmKernels(): DenseKernels | null {
  if (typeof WebAssembly !== 'object') return null;
  try {
    // 3.8 KB, under the 4 KB a synchronous compile is allowed on every thread. No SIMD: the JavaScript loops.
    const module = new WebAssembly.Module(decodeBase64(TRAIN_KERNELS_WASM_BASE64) as Uint8Array<ArrayBuffer>);
    return new WasmKernels(new WebAssembly.Instance(module, {}).exports as unknown as WasmExports);
  } catch {
    return null;
  }
}

/** Fresh kernels with their own heap: WebAssembly where it runs, unless `prefer` is 'js'. */
export function denseKernels(prefer: 'wasm' | 'js' = 'wasm'): DenseKernels {
  return (prefer === 'wasm' ? createWasmKernels() : null) ?? new JsKernels();
}

let shared: DenseKernels | undefined;

/** This thread's kernels, made once (a network's heap is laid out afresh by each run). */
export function sharedKernels(): DenseKernels {
  shared ??= denseKernels();
  return shared;
}
