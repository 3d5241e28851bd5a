// The workgroup size and the workgroup reduction shared by exact_layer.wgsl and
// explicit_layer.wgsl (a pipeline's files are concatenated; WGSL declarations may come in any
// order). The file that uses it declares RED_LANES, how many partial sums each thread
// contributes to `red` at most.

override WG: u32 = 64u;
const MAX_K: u32 = 4u;

var<workgroup> red: array<array<f32, RED_LANES>, WG>;

// Sum red[0..WG)[0..count) into red[0], all threads participating (WG is a power of two).
fn reduce_red(tid: u32, count: u32) {
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (tid < stride) {
      for (var p = 0u; p < count; p++) { red[tid][p] += red[tid + stride][p]; }
    }
    workgroupBarrier();
  }
}
