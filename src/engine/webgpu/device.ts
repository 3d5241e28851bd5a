/**
 * One way to get a GPUDevice, in the browser (navigator.gpu) and in Node (the `webgpu`
 * package, Dawn), with a report of what the adapter is.
 *
 *   const gpu = await requestGpu();
 *   console.log(gpu.adapter.description, gpu.adapter.software ? '(software)' : '');
 *   gpu.lost.then((info) => console.warn('device lost:', info.message));
 *
 * Higher limits are requested only where the adapter offers them; work is then sized from
 * `device.limits`, i.e. what was actually granted.
 */

/** What the lab tells the user about the adapter it runs on. */
export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A fallback adapter (the platform's own flag) or a known software rasterizer. */
  software: boolean;
  /** 'browser' (navigator.gpu) or 'node' (Dawn through the webgpu package). */
  host: 'browser' | 'node';
  /** How the adapter was found when it needed a fallback (SwiftShader), else ''. */
  note: string;
}

export interface GpuContext {
  device: GPUDevice;
  adapter: AdapterReport;
  /** Resolves when the device is lost (destroyed, reset, driver crash); see device.lost. */
  lost: Promise<GPUDeviceLostInfo>;
  /** True once `lost` has resolved. */
  readonly isLost: boolean;
}

export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|microsoft basic render|warp/i;

/** The limits worth raising for compute work, each to what the adapter offers. */
const WANTED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

export function describeAdapter(adapter: GPUAdapter, host: 'browser' | 'node', note = ''): AdapterReport {
  const info = adapter.info;
  // isFallbackAdapter moved from GPUAdapter to GPUAdapterInfo; read whichever exists.
  const flags = info as unknown as { isFallbackAdapter?: boolean };
  const old = adapter as unknown as { isFallbackAdapter?: boolean };
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(' '),
    software: Boolean(flags.isFallbackAdapter ?? old.isFallbackAdapter) || SOFTWARE.test(text),
    host,
    note,
  };
}

/** Request a device with the compute limits raised to what `adapter` offers. */
export async function requestDeviceFor(adapter: GPUAdapter, label = 'widelab'): Promise<GPUDevice> {
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) {
    const offered = adapter.limits[name];
    if (typeof offered === 'number') requiredLimits[name] = offered;
  }
  return adapter.requestDevice({ label, requiredLimits });
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    typeof p?.versions?.node === 'string' &&
    typeof (globalThis as { window?: unknown }).window === 'undefined'
  );
}

async function findAdapter(
  powerPreference: GPUPowerPreference,
): Promise<{ adapter: GPUAdapter; report: AdapterReport }> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) {
    const adapter = await nav.gpu.requestAdapter({ powerPreference });
    if (!adapter) throw new WebGpuUnavailableError('this browser offers WebGPU but found no adapter');
    return { adapter, report: describeAdapter(adapter, 'browser') };
  }
  if (!isNode())
    throw new WebGpuUnavailableError('this browser does not support WebGPU (navigator.gpu is missing)');
  // Hidden from bundlers: the browser build must not follow this into `webgpu`.
  const nodeModule = './node-gpu.ts';
  let found;
  try {
    const m = (await import(/* @vite-ignore */ nodeModule)) as typeof import('./node-gpu.ts');
    found = await m.nodeGpu(powerPreference);
  } catch (e) {
    throw new WebGpuUnavailableError(
      `the webgpu package (Dawn) could not be loaded: ${(e as Error).message}`,
    );
  }
  if (!found.adapter) throw new WebGpuUnavailableError(`no WebGPU adapter: ${found.note}`);
  return { adapter: found.adapter, report: describeAdapter(found.adapter, 'node', found.note) };
}

/**
 * A fresh device (each call requests a new one: after a loss, call again). Throws
 * WebGpuUnavailableError with a message for users when there is no WebGPU.
 */
export async function requestGpu(
  options: { powerPreference?: GPUPowerPreference } = {},
): Promise<GpuContext> {
  const { adapter, report } = await findAdapter(options.powerPreference ?? 'high-performance');
  const device = await requestDeviceFor(adapter);
  return wrapDevice(device, report);
}

/** A GpuContext for a device the caller already has. */
export function wrapDevice(device: GPUDevice, adapter?: AdapterReport): GpuContext {
  let isLost = false;
  const lost = device.lost.then((info) => {
    isLost = true;
    return info;
  });
  // device.lost settles only when the implementation next processes events (Dawn: not until
  // some other promise is pending), so a destroy() is also noted at once.
  const destroy = device.destroy.bind(device);
  device.destroy = () => {
    isLost = true;
    destroy();
  };
  const report: AdapterReport = adapter ?? {
    vendor: device.adapterInfo?.vendor ?? '',
    architecture: device.adapterInfo?.architecture ?? '',
    device: device.adapterInfo?.device ?? '',
    description: device.adapterInfo?.description ?? 'a caller-provided device',
    software: SOFTWARE.test(
      `${device.adapterInfo?.description ?? ''} ${device.adapterInfo?.architecture ?? ''}`,
    ),
    host: isNode() ? 'node' : 'browser',
    note: '',
  };
  return {
    device,
    adapter: report,
    lost,
    get isLost() {
      return isLost;
    },
  };
}

/** One line for logs and the command line's JSON: 'google swiftshader: SwiftShader driver 5.0.0 (software)'. */
export function adapterLine(a: AdapterReport): string {
  const head = [a.vendor, a.architecture].filter(Boolean).join(' ');
  return `${head ? `${head}: ` : ''}${a.description}${a.software ? ' (software)' : ''}`;
}
