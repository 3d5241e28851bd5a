#!/usr/bin/env node
// `node scripts/device-pack.mjs`: packs into .device-pack/ (gitignored) what device-pack/check.sh
// needs on a lent GPU machine, which has no network, perhaps no Node and perhaps no Vulkan
// loader, and receives only the repository's working tree plus `carry` paths, 64 MiB in all.
// Run it here (it needs npm's node_modules and Debian's package servers), in the checkout whose
// tree the device tool sends, then call the tool with carry ['.device-pack'] (README.md).
//
// What goes in, and why:
// - The command line, the benchmark, the CPU engines' worker and the GPU checks, bundled by
//   esbuild (vite's own dependency) into plain ES modules: no tsx and no node_modules there.
//   Four source idioms are rewritten on the way, each asserted to match so a change in the
//   sources fails here rather than there: a module specifier hidden in a variable (kept from
//   Vite's browser build) becomes a literal import, so it is bundled; `new URL('rel',
//   import.meta.url)` is re-aimed from the bundle's folder at the same file in the tree (package.json,
//   bench/numpy_peer.py, bench/results/, shaders/ read at run time: they travel with the tree),
//   except the worker entry and bin/widelab.mjs, which point at their bundles; tsx's register()
//   becomes a no-op; the webgpu package's dawn.node path can be set by WIDELAB_DAWN_NODE,
//   so the native module can be unpacked outside the pack.
// - The GPU checks as tests/gpu itself, every file, run by device-pack/vitest-shim.mjs (Vitest's
//   own expect on chai, a small sequential runner): measured here, Vitest with Vite, Rolldown's
//   native binary and their dependencies is over 25 MB, too much beside a 36 MB Node binary,
//   while the bundled tests are about a megabyte. What is lost is Vitest's isolation per file
//   and its reporters, not what is asserted.
// - dawn.node for linux-x64 from the `webgpu` package, gzipped (21.5 MB -> 7.2 MB).
// - This machine's Node binary, gzipped (99 MB -> 36 MB), when it is linux x64; --no-node leaves
//   it out (check.sh then needs a Node >= 20.19 there).
// - The Vulkan loader and GLVND's libraries as Debian packages (apt-get download, as the device
//   tool's README says), unpacked there only where the machine lacks libvulkan.so.1.
// - manifest.json (what was packed, from which commit) and inputs.sha256 (every source file the
//   bundles were built from, so check.sh refuses to run a pack older than the tree).
// The total that travels (the tree's files plus the pack) is measured and printed; over the
// limit the script fails.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const PACK_DIR = '.device-pack';
/** The device tool's limit on the working tree that travels, carried paths included. */
export const CARRY_LIMIT_BYTES = 64 * 2 ** 20;
/** Debian packages for the Vulkan loader (the device tool's README's list). */
export const LOADER_PACKAGES = [
  'libvulkan1',
  'libegl1',
  'libglvnd0',
  'libopengl0',
  'libgl1',
  'libglx0',
  'libgles2',
];
/** The bundles' entry points, by output name (each becomes NAME.mjs). */
export const ENTRIES = {
  widelab: 'bin/widelab.mjs',
  bench: 'bench/run.ts',
  'node-worker': 'src/engine/cpu/node-worker.ts',
  'gpu-check': 'device-pack/gpu-check.mjs',
};
/** Files in the pack that device-pack/check.sh names. */
export const PACK_FILES = [
  ...Object.keys(ENTRIES).map((n) => `${n}.mjs`),
  'dawn.node.gz',
  'node.gz',
  'manifest.json',
  'inputs.sha256',
  'debs',
];
/** `new URL(...)` targets in the sources that must point at a bundle rather than at the tree. */
const URL_OVERRIDES = {
  'src/engine/cpu/node-worker.mjs': './node-worker.mjs',
  'bin/widelab.mjs': './widelab.mjs',
};

const MiB = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * The size budget: what travels (tree + pack) against the limit. `items` are [name, bytes].
 * Returns the total, the margin left and whether it fits.
 */
export function sizeBudget(treeBytes, items, limit = CARRY_LIMIT_BYTES) {
  const packBytes = items.reduce((a, [, b]) => a + b, 0);
  const total = treeBytes + packBytes;
  return { treeBytes, packBytes, total, limit, margin: limit - total, ok: total <= limit };
}

/** Bytes of the tree the device tool sends: tracked and untracked-not-ignored files. */
function treeBytes(root) {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'buffer',
    maxBuffer: 1 << 28,
  });
  let bytes = 0;
  for (const f of out.toString('utf8').split('\0').filter(Boolean)) {
    const p = join(root, f);
    if (existsSync(p)) bytes += statSync(p).size; // a deleted tracked file does not travel
  }
  return bytes;
}

function du(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((a, f) => a + du(join(path, f)), 0);
}

/**
 * The source rewrites of the header comment, applied to one file's text. `counts` collects how
 * often each rule fired, so the caller can insist that every rule still matches something.
 */
export function rewriteSource(text, file, { root, outdir, counts }) {
  const bump = (rule) => (counts[rule] = (counts[rule] ?? 0) + 1);
  let s = text;
  // const nodeModule = './x.ts'; ... import(/* @vite-ignore */ nodeModule)  ->  import('./x.ts')
  for (const [, name, spec] of s.matchAll(/const (\w+) = '(\.{1,2}\/[^']+)';/g)) {
    const call = new RegExp(`import\\(/\\* @vite-ignore \\*/ ${name}\\)`, 'g');
    if (call.test(s)) {
      s = s.replace(call, `import('${spec}')`);
      bump('hidden-import');
    }
  }
  // new URL('rel' or `rel${...}`, import.meta.url): aim at the same path from the bundle's folder.
  s = s.replace(/new URL\((['`])(\.{1,2}\/[^'`$]*)/g, (whole, quote, rel) => {
    if (!s.includes('import.meta.url')) return whole;
    const target = resolve(dirname(file), rel);
    const key = relative(root, target);
    let aimed = URL_OVERRIDES[key];
    if (!aimed) {
      aimed = relative(outdir, target) + (rel.endsWith('/') ? '/' : '');
      if (!aimed.startsWith('.')) aimed = `./${aimed}`;
    }
    bump(URL_OVERRIDES[key] ? 'url-to-bundle' : 'url-to-tree');
    return `new URL(${quote}${aimed}`;
  });
  return s;
}

/** esbuild plugin: the rewrites, tsx and vitest stand-ins, the list of GPU test files. */
function devicePlugin({ root, outdir, counts, testFiles }) {
  return {
    name: 'widelab-device',
    setup(b) {
      b.onResolve({ filter: /^tsx\/esm\/api$/ }, () => ({ path: 'tsx', namespace: 'stub' }));
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => {
        counts['tsx-stub'] = (counts['tsx-stub'] ?? 0) + 1;
        // Bundled code needs no TypeScript loader.
        return { contents: 'export function register() {}', loader: 'js' };
      });
      b.onResolve({ filter: /^vitest$/ }, () => ({ path: join(root, 'device-pack/vitest-shim.mjs') }));
      b.onResolve({ filter: /^virtual:gpu-tests$/ }, () => ({ path: 'gpu-tests', namespace: 'virtual' }));
      b.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({
        contents: `export default [\n${testFiles
          .map((f) => `  [${JSON.stringify(basename(f))}, () => import(${JSON.stringify(f)})],`)
          .join('\n')}\n];`,
        resolveDir: root,
        loader: 'js',
      }));
      b.onLoad({ filter: /\.(ts|mjs|js)$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const loader = args.path.endsWith('.ts') ? 'ts' : 'js';
        if (args.path.endsWith(join('node_modules', 'webgpu', 'index.js'))) {
          const from = 'const dawnNodePath = join(';
          if (!text.includes(from)) throw new Error('webgpu/index.js changed: dawnNodePath not found');
          counts['dawn-path'] = (counts['dawn-path'] ?? 0) + 1;
          return {
            contents: text.replace(from, 'const dawnNodePath = process.env.WIDELAB_DAWN_NODE || join('),
            loader,
          };
        }
        if (args.path.includes(`${join('node_modules')}/`)) return undefined;
        return { contents: rewriteSource(text, args.path, { root, outdir, counts }), loader };
      });
    },
  };
}

/** Every rule must still fire: a source that moved on would otherwise break only on the device. */
export const EXPECTED_REWRITES = ['hidden-import', 'url-to-tree', 'url-to-bundle', 'tsx-stub', 'dawn-path'];

export async function bundle(root, out) {
  const counts = {};
  const testFiles = readdirSync(join(root, 'tests/gpu'))
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => join(root, 'tests/gpu', f));
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, join(root, v)])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: out,
    outExtension: { '.js': '.mjs' },
    // Chunks beside the entries: new URL(..., import.meta.url) means the same in all of them.
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'warning',
    plugins: [devicePlugin({ root, outdir: out, counts, testFiles })],
  });
  const missing = EXPECTED_REWRITES.filter((r) => !counts[r]);
  if (missing.length) throw new Error(`source rewrites that matched nothing: ${missing.join(', ')}`);
  // The sources the bundles came from, plus the shaders they read from the tree at run time.
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.includes(':') && !p.includes('node_modules/'))
    .concat(readdirSync(join(root, 'shaders')).map((f) => `shaders/${f}`));
  const lines = [...new Set(inputs)].sort().map(
    (p) =>
      `${createHash('sha256')
        .update(readFileSync(join(root, p)))
        .digest('hex')}  ${p}`,
  );
  writeFileSync(join(out, 'inputs.sha256'), `${lines.join('\n')}\n`);
  return { counts, testFiles: testFiles.map((f) => basename(f)), inputs: lines.length };
}

function gzipFile(from, to) {
  const raw = readFileSync(from);
  const packed = gzipSync(raw, { level: 9 });
  writeFileSync(to, packed);
  return { raw: raw.length, packed: packed.length };
}

/** apt-get download of the loader packages, with the device README's options (any host arch). */
function downloadDebs(dir) {
  mkdirSync(dir, { recursive: true });
  const lists = '/tmp/widelab-amd64-lists';
  mkdirSync(join(lists, 'partial'), { recursive: true });
  const o = ['-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64', `-oDir::State::Lists=${lists}`];
  const run = (args, cwd) => {
    const r = spawnSync('apt-get', [...o, ...args], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (status ${r.status})`);
  };
  run(['-qq', 'update']);
  run(['-qq', 'download', ...LOADER_PACKAGES], dir);
  const debs = readdirSync(dir).filter((f) => f.endsWith('.deb'));
  for (const p of LOADER_PACKAGES)
    if (!debs.some((d) => d.startsWith(`${p}_`))) throw new Error(`apt-get download gave no ${p}`);
  return debs;
}

async function main(argv) {
  const withNode = !argv.includes('--no-node');
  const root = ROOT;
  const out = join(root, PACK_DIR);
  const t0 = Date.now();
  const say = (s) => console.error(`[device-pack] ${s}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  say('bundling the CLI, the benchmark, the worker and the GPU checks (esbuild)');
  const bundled = await bundle(root, out);
  say(`  ${bundled.testFiles.length} GPU test files, ${bundled.inputs} input files hashed`);

  const dawnSrc = join(root, 'node_modules/webgpu/dist/linux-x64/dawn.node');
  if (!existsSync(dawnSrc)) throw new Error(`${dawnSrc} is missing: is the webgpu package installed?`);
  const dawn = gzipFile(dawnSrc, join(out, 'dawn.node.gz'));
  say(`dawn.node ${MiB(dawn.raw)} -> ${MiB(dawn.packed)} gzipped`);

  let node = null;
  if (withNode) {
    if (process.platform !== 'linux' || process.arch !== 'x64')
      throw new Error(
        `this Node is ${process.platform}-${process.arch}; the device needs linux-x64 (or pass --no-node)`,
      );
    say(`gzipping this Node (${process.version}, ${process.execPath}); this takes half a minute`);
    node = {
      version: process.version,
      from: process.execPath,
      ...gzipFile(process.execPath, join(out, 'node.gz')),
    };
    say(`node ${MiB(node.raw)} -> ${MiB(node.packed)} gzipped`);
  }

  say(`downloading ${LOADER_PACKAGES.join(' ')} (apt-get download)`);
  const debs = downloadDebs(join(out, 'debs'));

  let commit = 'unknown';
  let dirty = null;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim() !== '';
  } catch {
    // not a git checkout: the manifest says so
  }
  const manifest = {
    createdAt: new Date().toISOString(),
    commit,
    // Uncommitted changes were packed too (inputs.sha256 has what exactly).
    dirty,
    entries: ENTRIES,
    gpuTestFiles: bundled.testFiles,
    rewrites: bundled.counts,
    dawnNode: dawn,
    node,
    debs,
  };
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const items = readdirSync(out).map((f) => [f, du(join(out, f))]);
  const chunks = items.filter(([f]) => f.startsWith('chunk-'));
  const shown = items.filter(([f]) => !f.startsWith('chunk-'));
  shown.push([`chunk-*.mjs (${chunks.length})`, chunks.reduce((a, [, b]) => a + b, 0)]);
  const budget = sizeBudget(treeBytes(root), items);
  console.log(`device pack ${PACK_DIR}/ (${((Date.now() - t0) / 1000).toFixed(0)} s):`);
  for (const [f, b] of shown.sort((a, b) => b[1] - a[1])) console.log(`  ${MiB(b).padStart(9)}  ${f}`);
  console.log(`  ${MiB(budget.packBytes).padStart(9)}  pack in all`);
  console.log(
    `  ${MiB(budget.treeBytes).padStart(9)}  working tree that travels (tracked + untracked, not ignored)`,
  );
  console.log(
    `  ${MiB(budget.total).padStart(9)}  total, limit ${MiB(budget.limit)}, margin ${MiB(budget.margin)}`,
  );
  if (!budget.ok) {
    console.error(
      `[device-pack] OVER THE CARRY LIMIT by ${MiB(-budget.margin)}: the device tool would refuse the call`,
    );
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    console.error(`[device-pack] FAILED: ${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  }
}
