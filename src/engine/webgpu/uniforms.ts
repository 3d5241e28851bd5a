/**
 * A shader's resource declarations through webgpu-utils (makeShaderDataDefinitions): the
 * binding number of every uniform and storage variable by name, and a structured view of a
 * uniform struct, so no byte offset or binding index is written by hand.
 *
 *   const view = await uniformView(code, 'P');
 *   view.set({ seed: 1, k: 2 });
 *   device.queue.writeBuffer(buffer, 0, view.arrayBuffer);
 *
 * webgpu-utils names Float16Array at load time, which Node 20 lacks: give it a stand-in first
 * (the lab's shaders use no f16 types), hence the dynamic import.
 */
import type { ShaderDataDefinitions, StructuredView } from 'webgpu-utils';

let utils: Promise<typeof import('webgpu-utils')> | undefined;

function load(): Promise<typeof import('webgpu-utils')> {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.Float16Array === 'undefined') g.Float16Array = Uint16Array;
  utils ??= import('webgpu-utils');
  return utils;
}

const DECLARATION = /@group\(\s*\d+\s*\)\s*@binding\(\s*\d+\s*\)\s*var\s*<[^>]*>\s*\w+\s*:[^;]+;/g;
const STRUCT = /struct\s+\w+\s*\{[^}]*\}/g;

/**
 * The uniform and storage declarations of `code`. Only the declarations and the structs go to
 * webgpu-utils' parser: its WGSL reflection trips over some valid function bodies of ours, and
 * nothing else is needed for bindings and layouts.
 */
export async function shaderDeclarations(code: string): Promise<ShaderDataDefinitions> {
  const { makeShaderDataDefinitions } = await load();
  const text = code.replace(/\/\/[^\n]*/g, '');
  const structs = text.match(STRUCT) ?? [];
  const declarations = text.match(DECLARATION) ?? [];
  return makeShaderDataDefinitions([...structs, ...declarations].join('\n'));
}

/** A structured view of the uniform variable `name` declared in `code`. */
export async function uniformView(code: string, name: string): Promise<StructuredView> {
  const { makeStructuredView } = await load();
  const def = (await shaderDeclarations(code)).uniforms[name];
  if (!def) throw new Error(`no uniform '${name}' in the shader`);
  return makeStructuredView(def);
}

export type { StructuredView };
