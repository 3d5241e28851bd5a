// The status line must name the adapter, or say (in its disclosure) why the lab falls back to the CPU.
import { describe, expect, it } from 'vitest';
import {
  describeAdapter,
  probeCompute,
  statusBadge,
  statusReason,
  statusText,
} from '../../../src/ui/compute-status.ts';

const info = (fields: Partial<GPUAdapterInfo>) => fields as GPUAdapterInfo;
const fakeGpu = (requestAdapter: () => Promise<unknown>) => ({ gpu: { requestAdapter } as unknown as GPU });

describe('compute status', () => {
  it('names the adapter from the fields the browser exposes', () => {
    expect(describeAdapter(info({ vendor: 'nvidia', architecture: 'ada', description: 'RTX 4070' }))).toBe(
      'nvidia ada (RTX 4070)',
    );
    expect(describeAdapter(info({ vendor: '', architecture: '', description: '' }))).toBe('unnamed adapter');
  });

  it('reports a WebGPU adapter, flagging a software fallback', async () => {
    const s = await probeCompute(
      fakeGpu(async () => ({
        info: info({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true }),
      })),
    );
    expect(s).toEqual({ backend: 'webgpu', adapter: 'google swiftshader', fallback: true });
    expect(statusText(s)).toBe('WebGPU: google swiftshader (software fallback, slow)');
    // A projector's header keeps the backend and the warning, not the adapter's name.
    expect(statusBadge(s)).toBe('WebGPU, slow');
    expect(statusBadge({ backend: 'webgpu', adapter: 'nvidia ada', fallback: false })).toBe('WebGPU');
  });

  it('falls back to the CPU with a reason when there is no adapter or the request throws', async () => {
    const none = await probeCompute(fakeGpu(async () => null));
    expect(none.backend).toBe('cpu');
    expect(statusText(none)).toBe('CPU (WebGPU unavailable)');
    expect(statusBadge(none)).toBe('CPU');
    expect(statusReason(none)).toMatch(/^no WebGPU adapter/);
    const broken = await probeCompute(
      fakeGpu(async () => {
        throw new Error('device lost');
      }),
    );
    expect(statusText(broken)).toBe('CPU (WebGPU unavailable)');
    expect(statusReason(broken)).toBe('requesting a WebGPU adapter failed: device lost');
  });

  it('says navigator.gpu is missing when the browser has no WebGPU at all', async () => {
    const s = await probeCompute({});
    expect(statusText(s)).toBe('CPU (WebGPU unavailable)');
    expect(statusReason(s)).toContain('navigator.gpu is missing');
  });

  it('gives no reason on WebGPU', () => {
    expect(statusReason({ backend: 'webgpu', adapter: 'nvidia ada', fallback: false })).toBeNull();
  });
});
