# An independent safetensors writer (format spec of huggingface/safetensors, with struct + json, no
# safetensors package): writes checkpoint_safetensors.safetensors and, for the test, the values as JSON.
# Run: python3 test/golden/checkpoint_safetensors.py   (writes both files next to this script)
import json
import os
import struct
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
tensors = {
    "embed": rng.standard_normal((3, 4)).astype("<f4"),
    "blocks.0.attn.wq": rng.standard_normal((4, 2)).astype("<f4"),
    "cube": rng.standard_normal((2, 1, 3)).astype("<f4"),
    "scalar": np.array(np.pi, dtype="<f4"),
    "empty": np.zeros((0, 3), dtype="<f4"),
    "final_norm.scale": np.array([1.0, -0.0, np.inf, -np.inf, 1e-45], dtype="<f4"),
}
metadata = {"format": "golden", "note": "written by python — UTF-8 ✓"}

header = {"__metadata__": metadata}
offset = 0
for name, t in tensors.items():
    header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + t.nbytes]}
    offset += t.nbytes
# Compact JSON, UTF-8, then spaces up to a multiple of 8 so the data starts aligned (the spec's padding rule).
header_bytes = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
header_bytes += b" " * (-len(header_bytes) % 8)
blob = struct.pack("<Q", len(header_bytes)) + header_bytes + b"".join(t.tobytes() for t in tensors.values())

with open(os.path.join(here, "checkpoint_safetensors.safetensors"), "wb") as f:
    f.write(blob)


def finite_or_name(x):
    return float(x) if np.isfinite(x) else ("Infinity" if x > 0 else "-Infinity")


with open(os.path.join(here, "checkpoint_safetensors.json"), "w") as f:
    json.dump({
        "metadata": metadata,
        "headerLength": len(header_bytes),
        "tensors": {name: {"shape": list(t.shape), "values": [finite_or_name(x) for x in t.reshape(-1)],
                           "negativeZero": [bool(x == 0 and np.signbit(x)) for x in t.reshape(-1)]}
                    for name, t in tensors.items()},
    }, f, indent=1, ensure_ascii=False)
