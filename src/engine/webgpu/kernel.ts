/**
 * A compute entry point made ready for dispatch by name: its pipeline, its uniform struct
 * (a webgpu-utils view) and the storage bindings it uses, by the WGSL variable's name. The
 * binding set comes from the source (shader-bindings.ts) and is confirmed on the device: a
 * bind group of exactly those bindings must validate against the pipeline's 'auto' layout.
 */
import { STORAGE, UNIFORM } from './buffers.ts';
import { usedBindings } from './shader-bindings.ts';
import { shaderDeclarations, uniformView, type StructuredView } from './uniforms.ts';

export interface Kernel {
  readonly label: string;
  readonly device: GPUDevice;
  readonly pipeline: GPUComputePipeline;
  /** The entry point's uniform struct, written per dispatch. */
  readonly params: StructuredView;
  readonly uniformBinding: number;
  /** The storage bindings the entry point uses: WGSL variable name -> binding number. */
  readonly storage: ReadonlyMap<string, number>;
}

/** Compiles `entryPoint` of `code` with override `constants`; throws on WGSL errors or bindings it cannot account for. */
export async function compileKernel(
  device: GPUDevice,
  label: string,
  code: string,
  entryPoint: string,
  constants: Record<string, number>,
): Promise<Kernel> {
  const module = device.createShaderModule({ label, code });
  const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
  if (errors.length)
    throw new Error(
      `WGSL errors in ${label}: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`,
    );
  // Synchronous creation: createComputePipelineAsync crashes dawn.node on SwiftShader.
  const pipeline = device.createComputePipeline({
    label,
    layout: 'auto',
    compute: { module, entryPoint, constants },
  });
  const defs = await shaderDeclarations(code);
  const uniforms = [...usedBindings(code, entryPoint, Object.keys(defs.uniforms))];
  if (uniforms.length !== 1)
    throw new Error(
      `${label}: a kernel reads exactly one uniform struct (its parameters), found ${uniforms.length}`,
    );
  const storage = new Map<string, number>();
  for (const name of usedBindings(code, entryPoint, Object.keys(defs.storages)))
    storage.set(name, defs.storages[name].binding);
  for (const def of [defs.uniforms[uniforms[0]], ...[...storage.keys()].map((n) => defs.storages[n])]) {
    if (def.group !== 0) throw new Error(`${label}: every binding is in group 0`);
  }
  const params = await uniformView(code, uniforms[0]);
  const kernel = {
    label,
    device,
    pipeline,
    params,
    uniformBinding: defs.uniforms[uniforms[0]].binding,
    storage,
  };
  await confirmBindings(kernel);
  return kernel;
}

async function confirmBindings(kernel: Kernel): Promise<void> {
  const { device } = kernel;
  const dummies = [
    device.createBuffer({ size: Math.max(256, kernel.params.arrayBuffer.byteLength), usage: UNIFORM }),
  ];
  const entries: GPUBindGroupEntry[] = [{ binding: kernel.uniformBinding, resource: { buffer: dummies[0] } }];
  for (const binding of kernel.storage.values()) {
    const buffer = device.createBuffer({ size: 256, usage: STORAGE });
    dummies.push(buffer);
    entries.push({ binding, resource: { buffer } });
  }
  device.pushErrorScope('validation');
  device.createBindGroup({ layout: kernel.pipeline.getBindGroupLayout(0), entries });
  const error = await device.popErrorScope();
  for (const d of dummies) d.destroy();
  if (error)
    throw new Error(
      `${kernel.label}: its bindings (${[...kernel.storage.keys()].join(', ')}) do not match the pipeline's layout: ${error.message}`,
    );
}
