/**
 * The GPU tests' device: Dawn (the `webgpu` package) on whatever adapter Node finds, SwiftShader
 * on machines without a GPU. With CI set, a missing adapter FAILS the suite; locally the tests
 * skip with a loud message.
 */
import { requestGpu, adapterLine, type GpuContext } from '../../src/engine/webgpu/device.ts';

export async function tryGpu(): Promise<GpuContext | undefined> {
  try {
    const gpu = await requestGpu();
    if (gpu.adapter.note) console.info(`[gpu tests] ${gpu.adapter.note}`);
    console.info(`[gpu tests] adapter: ${adapterLine(gpu.adapter)}`);
    return gpu;
  } catch (e) {
    const message = `[gpu tests] WebGPU unavailable: ${(e as Error).message}`;
    if (process.env.CI) throw new Error(`${message} (CI is set: GPU tests must run)`, { cause: e });
    console.warn(
      `\n${'!'.repeat(78)}\n${message}\nSKIPPING the GPU tests (set up SwiftShader: apt-get install chromium)\n${'!'.repeat(78)}\n`,
    );
    return undefined;
  }
}

/** Run `body` inside validation and out-of-memory error scopes and fail on any error. */
export async function checked<T>(device: GPUDevice, body: () => Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  const result = await body();
  const oom = await device.popErrorScope();
  const validation = await device.popErrorScope();
  if (oom) throw new Error(`GPU out-of-memory error: ${oom.message}`);
  if (validation) throw new Error(`GPU validation error: ${validation.message}`);
  return result;
}

/** Run one compute entry point over `invocations` threads (workgroup size 64) with storage bindings. */
export async function runKernel(
  gpu: GpuContext,
  code: string,
  entryPoint: string,
  buffers: GPUBuffer[],
  invocations: number,
): Promise<void> {
  const { device } = gpu;
  const module = device.createShaderModule({ code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) throw new Error(errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('\n'));
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint } });
  const bind = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bind);
  pass.dispatchWorkgroups(Math.ceil(invocations / 64));
  pass.end();
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
}
