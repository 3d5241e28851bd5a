/**
 * Uniform structs through webgpu-utils (makeShaderDataDefinitions + makeStructuredView), so
 * no byte offsets are packed by hand.
 *
 *   const view = await uniformView(code, 'P');
 *   view.set({ seed: 1, k: 2 });
 *   device.queue.writeBuffer(buffer, 0, view.arrayBuffer);
 *
 * webgpu-utils names Float16Array at load time, which Node 20 lacks: give it a stand-in first
 * (the lab's shaders use no f16 types), hence the dynamic import.
 */
import type { StructuredView } from 'webgpu-utils';

let utils: Promise<typeof import('webgpu-utils')> | undefined;

function load(): Promise<typeof import('webgpu-utils')> {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.Float16Array === 'undefined') g.Float16Array = Uint16Array;
  utils ??= import('webgpu-utils');
  return utils;
}

/** A structured view of the uniform variable `name` declared in `code`. */
export async function uniformView(code: string, name: string): Promise<StructuredView> {
  const { makeShaderDataDefinitions, makeStructuredView } = await load();
  // Only the uniform's declaration and its struct go to the parser: webgpu-utils' WGSL reflection
  // trips over some valid function bodies, and nothing else is needed for the layout.
  const decl = new RegExp(`var<uniform>\\s+${name}\\s*:\\s*(\\w+)\\s*;`).exec(code);
  if (!decl) throw new Error(`no uniform '${name}' in the shader`);
  const struct = new RegExp(`struct\\s+${decl[1]}\\s*\\{[^}]*\\}`).exec(code);
  const defs = makeShaderDataDefinitions(`${struct ? struct[0] : ''}\n@group(0) @binding(0) ${decl[0]}`);
  const def = defs.uniforms[name];
  if (!def) throw new Error(`no uniform '${name}' in the shader`);
  return makeStructuredView(def);
}

export type { StructuredView };
