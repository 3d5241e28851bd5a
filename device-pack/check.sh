#!/usr/bin/env bash
# The real-GPU check in one command, for a lent device machine (no network, perhaps no Node,
# perhaps no Vulkan loader). Build the pack first, here: `node scripts/device-pack.mjs`; then,
# with the device tool: run(command: 'bash device-pack/check.sh', carry: ['.device-pack'],
# timeout_s: 600). README.md, "On a real GPU".
#
# Stages, each under its own `timeout`, and what they cost on an H200 (expected, not yet seen):
#   unpack        Node and dawn.node from the pack, the Vulkan loader if missing      ~5 s
#   adapter       the adapter Dawn picks, its limits; a software one stops the run     ~5 s
#   gpu-tests     every tests/gpu file (GPU == CPU value by value), bundled            ~60 s
#   bench-webgpu  the benchmark's webgpu section, large sizes (--webgpu-only)          ~90 s
#   train-webgpu  widelab train --dataset circle6 --width 512 --networks 256 --backend webgpu  ~20 s
#   train-cpu     the same on the CPU (every core), to compare                          ~30 s
#   bench-cpu     only with WIDELAB_CHECK_CPU_BENCH=1: the CPU sections (--gpu-sizes=none)
# Expected total about 3.5 minutes; the stage limits add up to 9 (WIDELAB_CHECK_BUDGET_S=540
# caps the sum), inside the tool's 10 minutes per command.
#
# Written to $OUT, flat, at most 8 files: check.log, summary.json, adapter.json,
# gpu-tests.json, bench-webgpu.json, train-webgpu.json, train-cpu.json (and bench-cpu.json).
# Exit status 0 only when every stage passed.
#
# Environment: OUT (required); WIDELAB_CHECK_SMALL=1 small sizes and a software adapter allowed
# (a run on SwiftShader here); WIDELAB_CHECK_TESTS=a,b only the tests/gpu files whose names
# contain a or b; WIDELAB_CHECK_PACKED_NODE=1 the packed Node even when one is installed;
# WIDELAB_CHECK_LOCAL_LOADER=1 unpack the loader under the runtime folder (LD_LIBRARY_PATH)
# rather than into / as the device tool's README does as root; WIDELAB_CHECK_ALLOW_STALE=1 run
# a pack older than the tree; WIDELAB_CHECK_TIME_SCALE=K every stage's limit times K (with a
# larger WIDELAB_CHECK_BUDGET_S, for SwiftShader on a slow machine); WIDELAB_PACK (default .device-pack), WIDELAB_RUNTIME (scratch).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 2
: "${OUT:?set OUT to the folder for the results}"
mkdir -p "$OUT" || exit 2
pack=${WIDELAB_PACK:-$root/.device-pack}
rt=${WIDELAB_RUNTIME:-$(mktemp -d "${TMPDIR:-/tmp}/widelab-device.XXXXXX")}
mkdir -p "$rt" || exit 2
small=${WIDELAB_CHECK_SMALL:-0}
budget=${WIDELAB_CHECK_BUDGET_S:-540}
# Every stage's limit times this (a slow software adapter here; raise the budget with it).
scale=${WIDELAB_CHECK_TIME_SCALE:-1}
started=$SECONDS
exec > >(tee -a "$OUT/check.log") 2>&1
tee_pid=$!

say() { echo "[check $((SECONDS - started))s] $*"; }
stages=()
failed=0

# stage NAME LIMIT_S OUTFILE|- CMD...: run CMD under `timeout`, stdout to OUTFILE (or the log).
stage() {
  local name=$1 limit=$(($2 * scale)) outfile=$3
  shift 3
  local left=$((budget - (SECONDS - started) - 5))
  ((limit > left)) && limit=$left
  if ((limit < 5)); then
    say "$name: SKIPPED, the time budget (${budget}s) is spent"
    stages+=("{\"name\":\"$name\",\"rc\":null,\"seconds\":0,\"note\":\"no time left\"}")
    failed=1
    return 1
  fi
  say "$name (limit ${limit}s): $*"
  local t0=$SECONDS rc
  if [[ $outfile == - ]]; then
    timeout -k 5 "$limit" "$@"
  else
    timeout -k 5 "$limit" "$@" >"$OUT/$outfile"
  fi
  rc=$?
  local dt=$((SECONDS - t0))
  ((rc == 124 || rc == 137)) && say "$name: TIMED OUT after ${dt}s" || say "$name: exit $rc in ${dt}s"
  stages+=("{\"name\":\"$name\",\"rc\":$rc,\"seconds\":$dt}")
  ((rc == 0)) || failed=1
  return $rc
}

node_line=''
adapter_line=''
finish() {
  local ok=true
  ((failed)) && ok=false
  local IFS=,
  printf '{"ok":%s,"small":%s,"seconds":%d,"node":"%s","adapter":"%s","commit":"%s","stages":[%s]}\n' \
    "$ok" "$([[ $small == 1 ]] && echo true || echo false)" "$((SECONDS - started))" "$node_line" \
    "${adapter_line//\"/\'}" "$(sed -n 's/^  "commit": "\(.*\)",$/\1/p' "$pack/manifest.json" 2>/dev/null)" \
    "${stages[*]}" >"$OUT/summary.json"
  say "done: ok=$ok in $((SECONDS - started))s; results in $OUT"
  # Let tee finish check.log before the tool collects $OUT.
  exec >&- 2>&-
  wait "$tee_pid" 2>/dev/null
  exit "$failed"
}

# ---- unpack ------------------------------------------------------------------------------
for f in widelab.mjs bench.mjs gpu-check.mjs node-worker.mjs dawn.node.gz manifest.json inputs.sha256 debs; do
  [[ -e $pack/$f ]] || {
    say "the pack lacks $f: run node scripts/device-pack.mjs here and carry .device-pack"
    failed=1
    finish
  }
done
if ! sha256sum -c --quiet "$pack/inputs.sha256"; then
  if [[ ${WIDELAB_CHECK_ALLOW_STALE:-0} == 1 ]]; then
    say "WARNING: the pack was built from other sources than this tree (WIDELAB_CHECK_ALLOW_STALE=1)"
  else
    say "the pack was built from other sources than this tree: rebuild it (node scripts/device-pack.mjs)"
    failed=1
    finish
  fi
fi

node_ok() { "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; }
node=''
if [[ ${WIDELAB_CHECK_PACKED_NODE:-0} != 1 ]] && command -v node >/dev/null && node_ok node; then
  node=$(command -v node)
elif [[ -e $pack/node.gz ]]; then
  gzip -dc "$pack/node.gz" >"$rt/node" && chmod +x "$rt/node" && node="$rt/node"
fi
if [[ -z $node ]] || ! node_ok "$node"; then
  say "no usable Node (>= 20.19): none installed and none packed (device-pack.mjs without --no-node)"
  failed=1
  finish
fi
node_line="$node $("$node" --version)"
say "node: $node_line"
gzip -dc "$pack/dawn.node.gz" >"$rt/dawn.node" || {
  failed=1
  finish
}
export WIDELAB_DAWN_NODE=$rt/dawn.node

# The Vulkan loader: the device tool's README recipe where it is missing (as root, into /), or
# under $rt with LD_LIBRARY_PATH (not root, or WIDELAB_CHECK_LOCAL_LOADER=1).
# (ldconfig's list is read whole: `ldconfig -p | grep -q` fails under pipefail when grep quits early.)
if [[ ${WIDELAB_CHECK_LOCAL_LOADER:-0} == 1 ]] || ! grep -q 'libvulkan\.so\.1' <<<"$(ldconfig -p 2>/dev/null)"; then
  if [[ ${WIDELAB_CHECK_LOCAL_LOADER:-0} != 1 && $(id -u) == 0 ]]; then
    say "no libvulkan.so.1: unpacking the loader packages into / (device README)"
    for f in "$pack"/debs/*.deb; do dpkg -x "$f" /; done
    ldconfig
  else
    say "unpacking the loader packages under $rt/gl"
    for f in "$pack"/debs/*.deb; do dpkg -x "$f" "$rt/gl"; done
    export LD_LIBRARY_PATH="$rt/gl/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
fi
nv=/usr/local/nvidia
if [[ -z ${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-} && -e $nv/share/vulkan/icd.d/nvidia_icd.json ]] &&
  ! grep -qls nvidia /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json 2>/dev/null; then
  say "pointing the Vulkan loader at $nv's ICD (VK_DRIVER_FILES)"
  export VK_DRIVER_FILES=$nv/share/vulkan/icd.d/nvidia_icd.json
  export __EGL_VENDOR_LIBRARY_FILENAMES=$nv/share/glvnd/egl_vendor.d/10_nvidia.json
fi
[[ -d $nv/lib64 ]] && export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$nv/lib64"
command -v nvidia-smi >/dev/null && nvidia-smi -L
# The GPU tests fail, not skip, without an adapter (tests/gpu/gpu-setup.ts).
export CI=1
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$rt}
say "unpacked in $((SECONDS - started))s"

# ---- adapter -----------------------------------------------------------------------------
stage adapter 45 - "$node" "$pack/gpu-check.mjs" adapter "$OUT/adapter.json" || finish
adapter_line=$(sed -n 's/^  "line": "\(.*\)",$/\1/p' "$OUT/adapter.json")
if grep -q '"software": true' "$OUT/adapter.json" && [[ $small != 1 ]]; then
  say "Dawn picked a software adapter ($adapter_line), not the GPU: stopping (see the log above)"
  failed=1
  finish
fi

# ---- the GPU tests, the benchmark, the issue's training run -------------------------------
stage gpu-tests 150 - "$node" "$pack/gpu-check.mjs" tests "$OUT/gpu-tests.json"
if [[ $small == 1 ]]; then
  bench_args=(--webgpu-only --gpu-sizes=small --quick)
  train_args=(--dataset circle6 --width 32 --networks 8 --steps 20)
else
  bench_args=(--webgpu-only --gpu-sizes=large)
  train_args=(--dataset circle6 --width 512 --networks 256)
fi
stage bench-webgpu 180 bench-webgpu.json "$node" "$pack/bench.mjs" "${bench_args[@]}"
# Issue 11's goal at a glance: a step of the whole ensemble (hundreds of width-512 networks on a GPU).
"$node" -e '
  const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).webgpu.training;
  console.log(`GPU trainer: n = ${t.width}, ${t.networks} networks: ${t.ensembleStepMs.toFixed(2)} ms per ensemble step ` +
    `(goal: well under 50 ms), ${t.matmulGflops.toPrecision(3)} GFLOP/s (${(100 * t.matmulRoofFraction).toFixed(1)}% of the same kernel at ` +
    `${t.matmulRoofGflops.toPrecision(3)} GFLOP/s on a ${t.matmulRoofSize}^3 product), 2n ${t.growthWidth2x.toFixed(2)}x, 2M ${t.growthNetworks2x.toFixed(2)}x`);
' "$OUT/bench-webgpu.json" 2>/dev/null || say "(no GPU trainer figures: the benchmark failed)"
stage train-webgpu 75 train-webgpu.json "$node" "$pack/widelab.mjs" train "${train_args[@]}" --backend webgpu
stage train-cpu 75 train-cpu.json "$node" "$pack/widelab.mjs" train "${train_args[@]}" --backend cpu
# The two runs' final mean losses side by side (the tests compare value by value; this is a look).
"$node" -e '
  const [g, c] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
  const last = (r) => r.loss.mean[r.loss.mean.length - 1];
  console.log(`final mean loss: webgpu ${last(g)} (${g.wallTimeSeconds.toFixed(2)} s), cpu ${last(c)} (${c.wallTimeSeconds.toFixed(2)} s)`);
' "$OUT/train-webgpu.json" "$OUT/train-cpu.json" 2>/dev/null || say "(no loss comparison: a training run failed)"
if [[ ${WIDELAB_CHECK_CPU_BENCH:-0} == 1 ]]; then
  stage bench-cpu 240 bench-cpu.json "$node" "$pack/bench.mjs" --gpu-sizes=none $([[ $small == 1 ]] && echo --quick)
fi
finish
