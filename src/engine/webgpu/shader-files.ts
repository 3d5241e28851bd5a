/**
 * Node only: read a WGSL file from the repository's shaders/ folder, relative to this module
 * (works from a checkout and from the installed package, which ships shaders/).
 */
import { readFile } from 'node:fs/promises';

export async function readShaderFile(name: string): Promise<string> {
  return readFile(new URL(`../../../shaders/${name}`, import.meta.url), 'utf8');
}
