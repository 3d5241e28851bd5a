/**
 * Node only: the `webgpu` package (Dawn) as a `GPU` object. Kept apart from device.ts and
 * imported dynamically, so the browser bundle never sees `webgpu` or `node:fs`.
 *
 * On a machine without a GPU Dawn finds no Vulkan adapter (Debian's lavapipe is rejected).
 * SwiftShader's Vulkan ICD, shipped with Debian's chromium, works: when VK_ICD_FILENAMES is
 * unset we point it there before Dawn loads the Vulkan loader, and say so.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where SwiftShader's ICD lives on Debian/Ubuntu (chromium) and in common Chrome installs. */
export const SWIFTSHADER_ICD_CANDIDATES = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
];

export interface NodeGpu {
  gpu: GPU;
  /** A note for the user about how the adapter was found, or '' when nothing special happened. */
  note: string;
}

/**
 * Every Dawn instance we created. Dawn's instance dies when its JS object is collected, and a
 * device outliving it crashes in ProcessEvents (std::system_error, "futex facility returned an
 * unexpected error code"): keep them alive for the life of the process.
 */
const instances: GPU[] = [];

let dawn: Promise<{ create: (options: string[]) => GPU; globals: object }> | undefined;

function loadDawn(): Promise<{ create: (options: string[]) => GPU; globals: object }> {
  // The Vulkan loader and SwiftShader want a runtime directory; a missing one only warns.
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'widelab-xdg-'));
  dawn ??= import('webgpu').then((m) => {
    // WebGPU's constants and classes (GPUBufferUsage, GPUMapMode, ...) as in a browser;
    // never overwrite what a host already defined.
    const target = globalThis as Record<string, unknown>;
    for (const [name, value] of Object.entries(m.globals)) if (!(name in target)) target[name] = value;
    return { create: m.create, globals: m.globals };
  });
  return dawn;
}

/** Point the Vulkan loader at SwiftShader if no ICD was chosen; returns the path used or ''. */
export function preferSwiftShader(): string {
  if (process.env.VK_ICD_FILENAMES) return '';
  const icd = SWIFTSHADER_ICD_CANDIDATES.find((p) => existsSync(p));
  if (!icd) return '';
  process.env.VK_ICD_FILENAMES = icd;
  return icd;
}

/**
 * A Dawn `GPU` whose requestAdapter finds an adapter if any can be had: first whatever Vulkan
 * (or Metal/D3D) offers, then SwiftShader when no ICD was configured.
 */
export async function nodeGpu(
  powerPreference: GPUPowerPreference = 'high-performance',
): Promise<NodeGpu & { adapter: GPUAdapter | null }> {
  const { create } = await loadDawn();
  let gpu = create([]);
  instances.push(gpu);
  let adapter = await gpu.requestAdapter({ powerPreference });
  if (adapter) return { gpu, adapter, note: '' };
  const icd = preferSwiftShader();
  if (!icd)
    return {
      gpu,
      adapter: null,
      note: "no GPU adapter and no SwiftShader ICD found (install Debian's chromium package)",
    };
  gpu = create([]);
  instances.push(gpu);
  adapter = await gpu.requestAdapter({ powerPreference });
  const note = adapter
    ? `no GPU adapter found: using the software adapter SwiftShader (VK_ICD_FILENAMES=${icd})`
    : `no GPU adapter found, and SwiftShader (${icd}) gave none either`;
  return { gpu, adapter, note };
}
