/**
 * WGSL sources by file name, the same way in Vite (bundled with `?raw`) and in Node (read
 * from shaders/ by a module that is imported only there).
 *
 *   const code = await shaderSource('rng.wgsl', 'activations.wgsl', 'layer_common.wgsl', 'exact_layer.wgsl');
 *
 * WGSL has no #include: a pipeline's module is its files concatenated in order.
 */

type Loader = () => Promise<string>;

function bundledShaders(): Record<string, Loader> | undefined {
  try {
    // Vite replaces this call at build time; elsewhere (tsx, plain Node) import.meta.glob is
    // undefined and the call throws.
    return import.meta.glob<string>('../../../shaders/*.wgsl', { query: '?raw', import: 'default' });
  } catch {
    return undefined;
  }
}

const bundled = bundledShaders();
const cache = new Map<string, Promise<string>>();

function loadOne(name: string): Promise<string> {
  let text = cache.get(name);
  if (!text) {
    const loader = bundled?.[`../../../shaders/${name}`];
    if (loader) {
      text = loader();
    } else {
      // A specifier in a variable keeps bundlers from following it into node:fs.
      const nodeModule = './shader-files.ts';
      text = import(/* @vite-ignore */ nodeModule).then((m: typeof import('./shader-files.ts')) =>
        m.readShaderFile(name),
      );
    }
    cache.set(name, text);
  }
  return text;
}

/** The named shader files, concatenated in the order given. */
export async function shaderSource(...names: string[]): Promise<string> {
  const parts = await Promise.all(names.map(loadOne));
  return parts.map((p, i) => `// ---- ${names[i]} ----\n${p}`).join('\n');
}
