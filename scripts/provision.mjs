#!/usr/bin/env node
// What the test suite needs beyond node_modules, and how to get it on a fresh Debian machine.
//
// The GPU tests run WGSL through the `webgpu` package (Dawn) on SwiftShader's Vulkan driver,
// which Debian ships with Chromium (package chromium-common, a dependency of chromium);
// Debian 12's lavapipe is rejected by Dawn. Dawn loads the system Vulkan loader, `libvulkan1`. The end-to-end tests drive the same
// Chromium. As root the missing packages are installed with apt-get; otherwise we say exactly
// what is missing. Run directly (`node scripts/provision.mjs`) it provisions and exits.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Where Debian (and Ubuntu's older chromium-browser) put SwiftShader's Vulkan ICD manifest. */
export const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
];
export const CHROMIUM_BINARIES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const VULKAN_LOADERS = [
  '/usr/lib/x86_64-linux-gnu/libvulkan.so.1',
  '/usr/lib/aarch64-linux-gnu/libvulkan.so.1',
  '/lib/x86_64-linux-gnu/libvulkan.so.1',
  '/lib/aarch64-linux-gnu/libvulkan.so.1',
  '/usr/lib/libvulkan.so.1',
];

const firstExisting = (paths) => paths.find((p) => existsSync(p)) ?? null;

/** The prerequisites as found now: paths, or null where missing. */
export function findPrerequisites() {
  return {
    chromium: firstExisting(CHROMIUM_BINARIES),
    swiftshaderIcd: firstExisting(SWIFTSHADER_ICDS),
    vulkanLoader: firstExisting(VULKAN_LOADERS),
  };
}

/** Debian packages that provide what `found` lacks. */
export function missingPackages(found) {
  const packages = [];
  if (!found.chromium) packages.push('chromium');
  // The ICD and libvk_swiftshader.so live in chromium-common, a dependency of chromium.
  if (!found.swiftshaderIcd) packages.push('chromium-common');
  if (!found.vulkanLoader) packages.push('libvulkan1');
  return packages;
}

function describeMissing(found) {
  const lines = [];
  if (!found.chromium)
    lines.push(`  - Chromium binary (looked for ${CHROMIUM_BINARIES.join(', ')}): Debian package chromium`);
  if (!found.swiftshaderIcd) {
    lines.push(
      `  - SwiftShader Vulkan ICD (looked for ${SWIFTSHADER_ICDS.join(', ')}): Debian package chromium-common (comes with chromium)`,
    );
  }
  if (!found.vulkanLoader) lines.push('  - Vulkan loader libvulkan.so.1: Debian package libvulkan1');
  return lines.join('\n');
}

function apt(args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for another apt (unattended upgrades) instead of failing on its lock.
  const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], { stdio: 'inherit', env });
  return r.status === 0;
}

/**
 * Makes sure Chromium, SwiftShader and the Vulkan loader are present, installing them as root.
 * Returns { ok, found, message }: ok is false when something is still missing afterwards.
 */
export function provision({ log = (s) => console.error(s) } = {}) {
  let found = findPrerequisites();
  let packages = missingPackages(found);
  if (packages.length === 0) return { ok: true, found, message: '' };

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    log(
      `[provision] installing ${packages.join(' ')} from Debian's packages (needed by the GPU and e2e tests)`,
    );
    const t0 = Date.now();
    // --reinstall also mends a package that is installed but lost files.
    const ok = apt(['update', '-qq']) && apt(['install', '-y', '-qq', '--reinstall', ...packages]);
    log(`[provision] apt-get ${ok ? 'finished' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    found = findPrerequisites();
    packages = missingPackages(found);
    if (packages.length === 0) return { ok: true, found, message: '' };
  }

  const how = isRoot
    ? hasApt
      ? 'apt-get ran, but they are still missing (see its output above).'
      : 'apt-get is not available on this machine; install the equivalents by hand.'
    : `Not running as root, so nothing was installed. Run as root:\n  apt-get update && apt-get install -y ${packages.join(' ')}`;
  const message = `Missing prerequisites for the GPU and end-to-end tests:\n${describeMissing(found)}\n${how}`;
  return { ok: false, found, message };
}

/** Environment for the test processes: Dawn on SwiftShader, Chromium's path for the e2e tests. */
export function testEnvironment(found, base = process.env) {
  const env = { ...base };
  if (!env.VK_ICD_FILENAMES && found.swiftshaderIcd) env.VK_ICD_FILENAMES = found.swiftshaderIcd;
  if (!env.CHROMIUM_PATH && found.chromium) env.CHROMIUM_PATH = found.chromium;
  return env;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = provision();
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
  console.error(`[provision] ok: ${JSON.stringify(result.found)}`);
}
