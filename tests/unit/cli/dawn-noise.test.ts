/**
 * The filter that keeps Dawn's adapter-discovery diagnostics off the user's terminal: it must
 * remove exactly Dawn's blocks and the Vulkan loader's lines, pass everything else through
 * unchanged, and not depend on where the pipe cuts the stream.
 */
import { describe, expect, it } from 'vitest';
import { DawnNoiseFilter, wantsWebGpu } from '../../../src/cli/dawn-noise.ts';
import { shouldFilterDawn } from '../../../src/cli/launch.ts';

/** What Dawn 0.6 printed on a machine with lavapipe and SwiftShader (node bin/widelab.mjs ... --backend webgpu). */
const DAWN_BLOCK =
  'Warning: Vulkan shaderUniform*ArrayDynamicIndexing required.\n' +
  ' - While initializing adapter (backend=BackendType::Vulkan)\n' +
  '    at InitializeImpl (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/PhysicalDeviceVk.cpp:257)\n' +
  '\n';

function filterAll(chunks: string[]): string {
  const f = new DawnNoiseFilter();
  return chunks.map((c) => f.push(c)).join('') + f.end();
}

describe('DawnNoiseFilter', () => {
  const ours = 'widelab: warning: variance is null: only 1 network gave a finite output\n';
  const stream =
    DAWN_BLOCK + ours + DAWN_BLOCK.replace('ArrayDynamicIndexing', 'imageCubeArray feature') + ours;

  it("removes Dawn's blocks and keeps our lines, in order", () => {
    expect(filterAll([stream])).toBe(ours + ours);
  });

  it('gives the same output wherever the stream is cut (one character at a time)', () => {
    expect(filterAll([...stream])).toBe(ours + ours);
  });

  it('passes a line that only looks like a Dawn severity line through, with what follows it', () => {
    const text = 'Warning: this is not Dawn\nwidelab: next\n';
    expect(filterAll([text])).toBe(text);
    expect(filterAll([...text])).toBe(text);
    // At the end of the stream a held line still comes out.
    expect(filterAll(['Error: something of our own'])).toBe('Error: something of our own\n');
  });

  it("removes the Vulkan loader's messages", () => {
    const text = 'ERROR: [Loader Message] Code 0 : loader_scan_for_direct_drivers: no driver\n' + ours;
    expect(filterAll([text])).toBe(ours);
  });

  it('passes a progress line redrawn with \\r at once, before its line ends', () => {
    const f = new DawnNoiseFilter();
    expect(f.push('\r\x1b[2Kwidelab: 100 of 1000 networks (10%)')).toBe(
      '\r\x1b[2Kwidelab: 100 of 1000 networks (10%)',
    );
    expect(f.push('\r\x1b[2Kwidelab: 1000 of 1000')).toBe('\r\x1b[2Kwidelab: 1000 of 1000');
    // A partial line that could still be Dawn's waits for its end.
    expect(f.push('\nWarn')).toBe('\n');
    expect(f.push('ing: x\n - While y\n')).toBe('');
    expect(f.end()).toBe('');
  });

  it('a blank line not after a Dawn block is kept', () => {
    expect(filterAll(['a\n\nb\n'])).toBe('a\n\nb\n');
  });
});

describe('which runs are filtered', () => {
  it('only --backend webgpu, once (not in the child), and not with WIDELAB_DAWN_LOG=1', () => {
    expect(wantsWebGpu(['simulate', '--backend', 'webgpu'])).toBe(true);
    expect(wantsWebGpu(['simulate', '--backend=webgpu'])).toBe(true);
    expect(wantsWebGpu(['simulate', '--backend', 'cpu'])).toBe(false);
    expect(wantsWebGpu(['simulate', '--samples', 'webgpu'])).toBe(false);
    const argv = ['sweep', '--width', '8,16', '--backend', 'webgpu'];
    expect(shouldFilterDawn(argv, {})).toBe(true);
    expect(shouldFilterDawn(argv, { WIDELAB_DAWN_FILTERED: '1' })).toBe(false);
    expect(shouldFilterDawn(argv, { WIDELAB_DAWN_LOG: '1' })).toBe(false);
    expect(shouldFilterDawn(['simulate'], {})).toBe(false);
  });
});
