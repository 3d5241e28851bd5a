/**
 * Which compute backend the lab can use in this browser: a WebGPU adapter, or the CPU engines
 * with the reason WebGPU is unavailable. The status line shows it, so a teacher knows at a
 * glance why a laptop is slow.
 */

export type ComputeStatus =
  | {
      readonly backend: 'webgpu';
      /** 'vendor architecture (description)', whatever the adapter reveals. */
      readonly adapter: string;
      /** The browser's software adapter (e.g. SwiftShader): works, but slowly. */
      readonly fallback: boolean;
    }
  | { readonly backend: 'cpu'; readonly reason: string };

/** Human-readable adapter name from the fields the browser chose to expose. */
export function describeAdapter(info: Partial<GPUAdapterInfo>): string {
  const parts = [info.vendor, info.architecture].filter((s): s is string => !!s);
  const detail = info.description || info.device;
  const name = parts.join(' ') || 'unnamed adapter';
  return detail ? `${name} (${detail})` : name;
}

/** Asks the browser (or a stand-in `nav`, for tests) for a WebGPU adapter; never throws. */
export async function probeCompute(
  nav: { gpu?: GPU } | undefined = globalThis.navigator,
): Promise<ComputeStatus> {
  const gpu = nav?.gpu;
  if (!gpu) {
    const secure = globalThis.isSecureContext ?? true;
    return {
      backend: 'cpu',
      reason: secure
        ? 'this browser does not offer WebGPU (navigator.gpu is missing)'
        : 'WebGPU needs a secure context (https or localhost)',
    };
  }
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter)
      return {
        backend: 'cpu',
        reason: 'no WebGPU adapter: WebGPU is turned off or there is no suitable GPU',
      };
    return {
      backend: 'webgpu',
      adapter: describeAdapter(adapter.info),
      fallback: adapter.info.isFallbackAdapter === true,
    };
  } catch (e) {
    return {
      backend: 'cpu',
      reason: `requesting a WebGPU adapter failed: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** The status line's text: short, so it stays one line on a phone or a projector (the reason is statusReason's). */
export function statusText(s: ComputeStatus): string {
  if (s.backend === 'cpu') return 'CPU (WebGPU unavailable)';
  return `WebGPU: ${s.adapter}${s.fallback ? ' (software fallback, slow)' : ''}`;
}

/**
 * The status in a word or two, for a projector's one-line header (presentation mode), where the
 * adapter's name would push Presentation mode onto a second line; statusText is its tooltip.
 */
export function statusBadge(s: ComputeStatus): string {
  if (s.backend === 'cpu') return 'CPU';
  return s.fallback ? 'WebGPU, slow' : 'WebGPU';
}

/** Why the lab runs on the CPU, for a disclosure beside the status line; null on WebGPU. */
export function statusReason(s: ComputeStatus): string | null {
  return s.backend === 'cpu' ? s.reason : null;
}
