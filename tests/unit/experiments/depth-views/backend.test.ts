/**
 * The views' backend choice (lab/backend-choice.ts chooseBackend):
 * WebGPU on a real adapter, the CPU on none or a software one (with a notice then), and
 * `?backend=webgpu|cpu` forcing one (WebGPU only where an adapter exists).
 */
import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../../src/lab/backend-choice.ts';
import type { ComputeStatus } from '../../../../src/ui/compute-status.ts';

const real: ComputeStatus = { backend: 'webgpu', adapter: 'nvidia hopper (H100)', fallback: false };
const software: ComputeStatus = { backend: 'webgpu', adapter: 'google swiftshader', fallback: true };
const none: ComputeStatus = { backend: 'cpu', reason: 'no WebGPU adapter' };

describe('chooseBackend', () => {
  it('a real adapter runs WebGPU, without a notice', () => {
    expect(chooseBackend(real, null)).toEqual({ backend: 'webgpu', note: '' });
    expect(chooseBackend(real, 'something else')).toEqual({ backend: 'webgpu', note: '' });
  });

  it('a software adapter runs the CPU and says why; none runs the CPU silently (the Compute line says it)', () => {
    const s = chooseBackend(software, null);
    expect(s.backend).toBe('cpu');
    expect(s.note).toContain('Only a software WebGPU adapter was found (google swiftshader)');
    expect(chooseBackend(none, null)).toEqual({ backend: 'cpu', note: '' });
  });

  it('?backend forces a backend: webgpu only where an adapter exists, cpu always, without a notice', () => {
    expect(chooseBackend(software, 'webgpu')).toEqual({ backend: 'webgpu', note: '' });
    expect(chooseBackend(none, 'webgpu')).toEqual({ backend: 'cpu', note: '' });
    expect(chooseBackend(real, 'cpu')).toEqual({ backend: 'cpu', note: '' });
  });
});
