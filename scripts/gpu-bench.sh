#!/usr/bin/env bash
# The benchmark on a machine with an NVIDIA GPU (issue 4 "On a real GPU"; docs/benchmarks.md): Dawn (npm `webgpu`)
# on the GPU's own Vulkan driver, `bench --backend webgpu` for the reference config, its ablations and MHA vs MQA
# decoding, with a per-op profile. Offline; needs the repo with node_modules and Node 20. Under 5 minutes.
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

json="$(mktemp)"
echo "== bench --backend webgpu (reference + ablations, 3 warm-up + 20 timed steps, decode at 1024 tokens)"
timeout 270 node bin/palm-workbench.mjs bench --backend webgpu --steps 20 --warmup 3 --decode --profile --json >"$json"
status=$?
cat "$json"
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT" && cp "$json" "$OUT/bench-webgpu.json"
fi
# The same numbers as tables, from the JSON above (no second run).
node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const r = JSON.parse(readFileSync(process.argv[1], "utf8"));
  console.log(`== ${r.backend} (${r.adapter ?? "no adapter"}), peak ${(r.peak.flopsPerSec / 1e9).toFixed(1)} GFLOP/s calibrated`);
  for (const t of r.train) console.log(t.name.padEnd(10), `${t.tokensPerSec.median.toFixed(0)} tok/s`, `${t.stepMs.median.toFixed(1)} ms/step (${t.stepMs.min.toFixed(1)}-${t.stepMs.max.toFixed(1)})`, `MFU ${(100 * t.mfu).toFixed(2)}%`);
  for (const d of r.decode ?? []) console.log(`decode ${d.name}`, `${d.tokensPerSec.median.toFixed(1)} tok/s`, `KV ${d.kvBytesAtContext} B at ${d.context}`);
' "$json" 2>/dev/null || echo "(no JSON to summarise: bench exited with $status)"
echo "== peer (@genai-fi/nanogpt): skipped here, its scratch install (/tmp/peer) is not part of the repo copy"
exit "$status"
