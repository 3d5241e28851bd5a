/**
 * usedBindings: which declared bindings a WGSL entry point uses, through the functions it
 * calls, ignoring members (`.name`), parameters and locals of the same name, and comments.
 */
import { describe, expect, it } from 'vitest';
import { usedBindings } from '../../../src/engine/webgpu/shader-bindings.ts';

const CODE = /* wgsl */ `
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(4) var<storage, read_write> d: array<f32>;

fn helper(i: u32) -> f32 { return a[i] * P.scale; }
fn shadowed(b: f32) -> f32 { let d = b * 2.0; return d; }
fn member(i: u32) -> f32 { return P.c + f32(i); }

@compute @workgroup_size(1) fn first() { c[0] = helper(0u) + shadowed(1.0) + member(2u); }
// @compute fn second() { d[0] = b[0]; } (a comment)
@compute @workgroup_size(1) fn second() { d[0] = b[0]; }
`;

describe('usedBindings', () => {
  const declared = ['P', 'a', 'b', 'c', 'd'];
  it('follows calls and skips members, parameters and locals', () => {
    expect([...usedBindings(CODE, 'first', declared)].sort()).toEqual(['P', 'a', 'c']);
    expect([...usedBindings(CODE, 'second', declared)].sort()).toEqual(['b', 'd']);
  });
  it('throws for an entry point that is not there', () => {
    expect(() => usedBindings(CODE, 'third', declared)).toThrow(/no entry point 'third'/);
  });
});
