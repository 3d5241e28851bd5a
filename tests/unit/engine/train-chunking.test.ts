/** Networks per chunk of the WebGPU trainer from the adapter's buffer limits (exact counts). */
import { describe, expect, it } from 'vitest';
import { bytesPerNetwork, networksPerChunk } from '../../../src/engine/webgpu/train-chunking.ts';
import type { TrainSpec } from '../../../src/engine/training/cpu-trainer.ts';

const spec = (width: number) =>
  ({ width, depth: 3, inputs: [[0, 1]], tests: [[1, 0]] }) as unknown as TrainSpec; // only the shape fields are read

describe('networksPerChunk', () => {
  it('a hidden layer costs 4 n^2 bytes per network; the smaller of the two limits decides', () => {
    expect(bytesPerNetwork(spec(512))).toBe(4 * 512 * 512);
    const mib = 2 ** 20;
    expect(
      networksPerChunk(spec(512), { maxStorageBufferBindingSize: 128 * mib, maxBufferSize: 256 * mib }),
    ).toBe(128);
    expect(
      networksPerChunk(spec(512), { maxStorageBufferBindingSize: 2 * 1024 * mib, maxBufferSize: 64 * mib }),
    ).toBe(64);
    expect(
      networksPerChunk(spec(512), {
        maxStorageBufferBindingSize: 4 * 1024 * mib,
        maxBufferSize: 4 * 1024 * mib,
      }),
    ).toBe(512);
    expect(
      networksPerChunk(spec(512), { maxStorageBufferBindingSize: 128 * mib, maxBufferSize: 256 * mib }, 7),
    ).toBe(7);
    // Exactly one network fits.
    expect(networksPerChunk(spec(512), { maxStorageBufferBindingSize: mib, maxBufferSize: mib })).toBe(1);
  });

  it('throws a clear error when even one network does not fit', () => {
    expect(() =>
      networksPerChunk(spec(513), { maxStorageBufferBindingSize: 2 ** 20, maxBufferSize: 2 ** 30 }),
    ).toThrow(/width 513 needs a 1052676-byte buffer, over this adapter's limit of 1048576 bytes/);
  });
});
