/**
 * RunOptions.layerStats for the WebGPU engines: the GPU reduces each hidden layer's raw
 * preactivation Gram z_l(a) . z_l(b) / n_l into rows [network][l - 1][a][b]; the output
 * layer's row (one unit: z_L(a) z_L(b)) and layerNorms (the diagonals) are filled here.
 */
export function layerStatsFrom(
  hidden: Float32Array | null,
  outputs: Float64Array,
  count: number,
  depth: number,
  k: number,
) {
  const layerGrams = hidden
    ? Float64Array.from(hidden.subarray(0, count * depth * k * k))
    : new Float64Array(count * depth * k * k);
  const layerNorms = new Float64Array(count * depth * k);
  for (let m = 0; m < count; m++) {
    const last = (m * depth + depth - 1) * k;
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) layerGrams[(last + a) * k + b] = outputs[m * k + a] * outputs[m * k + b];
    for (let l = 0; l < depth; l++)
      for (let a = 0; a < k; a++)
        layerNorms[(m * depth + l) * k + a] = layerGrams[((m * depth + l) * k + a) * k + a];
  }
  return { layerNorms, layerGrams };
}
