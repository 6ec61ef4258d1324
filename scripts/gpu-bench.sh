#!/usr/bin/env bash
# The benchmark on a machine with an NVIDIA GPU (docs/benchmarks.md, Training and decoding on a GPU): Dawn (npm
# `webgpu`) on the GPU's own Vulkan driver, `bench --backend webgpu` for the reference config, its ablations and MHA vs
# MQA decoding, then palm-small with batched decoding, each with a per-op profile. Offline; needs the repo with
# node_modules and Node 20. Under 8 minutes.
# Usage: scripts/gpu-bench.sh        (OUT=dir: also write the JSON there)
set -uo pipefail
cd "$(dirname "$0")/.."

# The GPU's Vulkan ICD, not SwiftShader: drop any override; Dawn's loader needs a runtime folder. Containers with
# the NVIDIA driver mounted under /usr/local/nvidia keep its ICD there (it needs libvulkan1 and libglvnd installed).
unset VK_ICD_FILENAMES
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$nvidia_icd" ]; then export VK_DRIVER_FILES="$nvidia_icd"; fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

echo "== machine"
node --version
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 || echo "nvidia-smi: not available"
grep -m1 'model name' /proc/cpuinfo || true
nproc
ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null || true

# Issue 10's goals: the reference (tokens/s vs the last GPU run, launches) with MHA vs MQA decoding at batch 1, and
# palm-small (MFU vs the calibrated peak) with decoding at batch 16, where the KV cache outweighs the launches.
summary='
  import { readFileSync } from "node:fs";
  const r = JSON.parse(readFileSync(process.argv[1], "utf8"));
  console.log(`== ${r.backend} (${r.adapter ?? "no adapter"}), peak ${(r.peak.flopsPerSec / 1e9).toFixed(1)} GFLOP/s calibrated`);
  for (const t of r.train) console.log(t.name.padEnd(10), `${t.tokensPerSec.median.toFixed(0)} tok/s`, `${t.stepMs.median.toFixed(1)} ms/step (${t.stepMs.min.toFixed(1)}-${t.stepMs.max.toFixed(1)})`, `MFU ${(100 * t.mfu).toFixed(2)}%`, `launches ${t.kernelLaunches}/${t.dispatches}`);
  for (const d of r.decode ?? []) console.log(`decode ${d.name} batch ${d.batch}`, `${d.tokensPerSec.median.toFixed(1)} tok/s`, d.speedupOverFirst ? `${d.speedupOverFirst.median.toFixed(2)}x (IQR ${d.speedupOverFirst.p25.toFixed(2)}-${d.speedupOverFirst.p75.toFixed(2)}) over mha` : "", `launches/token ${d.launchesPerToken.kernelLaunches}/${d.launchesPerToken.dispatches}`, `KV ${d.kvBytesAtContext} B at ${d.context}`);
'
status=0
run() { # name, then bench's arguments
  local name="$1" json
  shift
  json="$(mktemp)"
  echo "== bench --backend webgpu $*"
  timeout 240 node bin/palm-workbench.mjs bench --backend webgpu --json "$@" >"$json" || status=$?
  cat "$json"
  if [ -n "${OUT:-}" ]; then mkdir -p "$OUT" && cp "$json" "$OUT/bench-webgpu-$name.json"; fi
  node --input-type=module -e "$summary" "$json" 2>/dev/null || echo "(no JSON to summarise for $name)"
}
run reference --steps 20 --warmup 3 --decode --profile
run palm-small --config palm-small --no-ablations --steps 10 --warmup 2 --decode --decode-batch 16 --decode-tokens 16 --profile
echo "== peer (@genai-fi/nanogpt): skipped here, its scratch install (/tmp/peer) is not part of the repo copy"
exit "$status"
