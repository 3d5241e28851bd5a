/**
 * Where the CPU engines get their standard normals: the WebAssembly SIMD generator
 * (wasm/kernels.wat, ~3x faster in V8) when the platform runs it, else the reference
 * fillNormals. Both give the normals of the same addresses (same Philox words, same
 * Box-Muller pairing); they agree to a few ulp (< 1e-14, tested), not bit for bit,
 * because WebAssembly computes log, sin and cos itself. The WebAssembly source also offers
 * tanh (within 3 ulp, tested) and a sum of squares on its buffer, which the exact engine's
 * hot loop uses.
 *
 * A source owns one buffer; engines ask for it once per chunk (`buffer`) and fill regions of
 * it (`fill`). Chunk computations are synchronous, so one source per thread is enough.
 */
import { fillNormals } from '../../random/normals.ts';
import type { Purpose } from '../../random/address.ts';
import { KERNELS_WASM_BASE64 } from './wasm/kernels-wasm.ts';

export interface NormalSource {
  readonly name: 'wasm' | 'js';
  /** The buffer, with room for at least `elements` values (valid until the next call). */
  buffer(elements: number): Float64Array;
  /**
   * Normals of row (seed, network, purpose, layer, row), elements 0..count-1, into
   * buffer[offset ..]. May also write up to NORMALS_PAD - 1 elements past count: leave room.
   */
  fill(
    seed: number,
    network: number,
    purpose: Purpose,
    layer: number,
    row: number,
    count: number,
    offset: number,
  ): void;
  /**
   * x -> tanh(scale x) in place on buffer[offset .. offset + count) (may also rewrite the
   * element after it), where the source has a faster one than activateInPlace; else absent.
   * Returns the sum of the squares of the count results, which the exact engine needs next.
   */
  readonly tanh?: (offset: number, count: number, scale?: number) => number;
  /** Sum of squares of buffer[offset .. offset + count), where the source has a faster one. */
  readonly sumSquares?: (offset: number, count: number) => number;
}

/** Room to leave after the last element a fill writes. */
export const NORMALS_PAD = 16;

class JsSource implements NormalSource {
  readonly name = 'js' as const;
  private data = new Float64Array(0);
  buffer(elements: number): Float64Array {
    if (this.data.length < elements) this.data = new Float64Array(elements);
    return this.data;
  }
  fill(
    seed: number,
    network: number,
    purpose: Purpose,
    layer: number,
    row: number,
    count: number,
    offset: number,
  ): void {
    fillNormals(seed, network, purpose, layer, row, this.data, count, offset);
  }
}

type TanhExport = (byteOffset: number, count: number, scale: number) => number;
type SumSquaresExport = (byteOffset: number, count: number) => number;
type NormalsExport = (
  seed: number,
  network: number,
  purpose: number,
  layer: number,
  row: number,
  count: number,
  byteOffset: number,
) => void;

class WasmSource implements NormalSource {
  readonly name = 'wasm' as const;
  private view: Float64Array;
  readonly tanh: (offset: number, count: number, scale?: number) => number;
  readonly sumSquares: (offset: number, count: number) => number;
  /**
   * The module keeps its own tables below byte `base` (kernels.wat's heapBase); the buffer
   * the engines see starts there, so their element offsets never reach them.
   */
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly base: number,
    private readonly normals: NormalsExport,
    tanh: TanhExport,
    sumSquares: SumSquaresExport,
  ) {
    this.view = new Float64Array(memory.buffer, base);
    this.tanh = (offset, count, scale = 1) => tanh(base + offset * 8, count, scale);
    this.sumSquares = (offset, count) => sumSquares(base + offset * 8, count);
  }
  buffer(elements: number): Float64Array {
    const bytes = this.base + (elements + NORMALS_PAD) * 8;
    if (this.memory.buffer.byteLength < bytes) {
      this.memory.grow(Math.ceil((bytes - this.memory.buffer.byteLength) / 65536));
    }
    if (this.view.buffer !== this.memory.buffer) this.view = new Float64Array(this.memory.buffer, this.base);
    return this.view;
  }
  fill(
    seed: number,
    network: number,
    purpose: Purpose,
    layer: number,
    row: number,
    count: number,
    offset: number,
  ): void {
    this.normals(seed, network, purpose, layer, row, count, this.base + offset * 8);
  }
}

/** The bytes of a base64 string (the committed WebAssembly modules). */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function createWasmSource(): NormalSource | null {
  if (typeof WebAssembly !== 'object') return null;
  try {
    // Synchronous compile: the module is ~3 KB, under browsers' 4 KB main-thread limit. A
    // platform without WebAssembly SIMD fails here and gets the JavaScript source.
    const module = new WebAssembly.Module(decodeBase64(KERNELS_WASM_BASE64) as Uint8Array<ArrayBuffer>);
    const instance = new WebAssembly.Instance(module, {});
    const { memory, heapBase, normals, tanh, sumSquares } = instance.exports as {
      memory: WebAssembly.Memory;
      heapBase: WebAssembly.Global;
      normals: NormalsExport;
      tanh: TanhExport;
      sumSquares: SumSquaresExport;
    };
    return new WasmSource(memory, heapBase.value as number, normals, tanh, sumSquares);
  } catch {
    return null;
  }
}

let preferWasm = true;
let wasmSource: NormalSource | null | undefined;
let jsSource: NormalSource | undefined;

/** The source the engines use on this thread. */
export function normalSource(): NormalSource {
  if (preferWasm) {
    if (wasmSource === undefined) wasmSource = createWasmSource();
    if (wasmSource) return wasmSource;
  }
  jsSource ??= new JsSource();
  return jsSource;
}

/** Use (true, the default) or avoid the WebAssembly generator on this thread (tests). */
export function useWasmNormals(enabled: boolean): void {
  preferWasm = enabled;
}
