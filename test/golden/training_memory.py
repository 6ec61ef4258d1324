# Golden numbers for core/metrics/activations.ts and core/train/memory-check.ts: the training memory of a config,
# counted independently: one array shape per saved activation (summed with numpy), per-tensor parameter shapes,
# AdamW's two moments and Adafactor's factored rows + cols (docs/palm.md §4).
# Run: python3 test/golden/training_memory.py > test/golden/training_memory.json
import json
import numpy as np

F32 = 4

def activation_shapes(c, B):
    T, D, H, Hkv, Dh, V, F, L = c["seqLen"], c["dModel"], c["nHeads"], c["kvHeads"], c["headDim"], c["vocabSize"], c["F"], c["nLayers"]
    layer = []
    for _ in range(2 if c["block"] == "serial" else 1):
        layer += [(B, T, D), (B, T, D)]  # norm input, normed
    for _ in range(2):  # q, k, v and their rotated copies
        layer += [(B, T, H, Dh), (B, T, Hkv, Dh), (B, T, Hkv, Dh)]
    layer += [(B, H, T, T), (B, H, T, T)]  # scores, probabilities
    layer += [(B, T, H, Dh), (B, T, D)]  # attention output, projection
    layer += [(B, T, F)] * (4 if c["activation"] == "swiglu" else 2)
    layer += [(B, T, D), (B, T, D)]  # MLP output, residual sum
    top = [(B, T, D)] * 3 + [(B, T, V)] * 3  # embedding, final norm in/out; logits, log-softmax, gradient
    return layer * L + top

def param_shapes(c):
    D, H, Hkv, Dh, V, F, L = c["dModel"], c["nHeads"], c["kvHeads"], c["headDim"], c["vocabSize"], c["F"], c["nLayers"]
    shapes = [(V, D)]
    for _ in range(L):
        shapes += [(D,)]  # norm1 scale (no bias, parallel)
        shapes += [(D, H * Dh), (D, Hkv * Dh), (D, Hkv * Dh), (H * Dh, D)]
        shapes += [(D, F), (D, F), (F, D)]  # swiglu gate, up, down
    shapes += [(D,)]
    return shapes

def adafactor_floats(shape, beta1, min_dim=128):
    n = int(np.prod(shape))
    if len(shape) >= 2 and sorted(shape)[-2] >= min_dim:
        rows, cols = shape  # all factored shapes here are 2-D
        floats = rows + cols
    else:
        floats = n
    return floats + (n if beta1 else 0)

CASES = {
    "tiny-parallel-swiglu-mqa": dict(vocabSize=256, dModel=16, nLayers=1, nHeads=2, kvHeads=1, headDim=8, seqLen=8, F=64, block="parallel", activation="swiglu", batch=4),
    "palm-8b-batch-1": dict(vocabSize=256000, dModel=4096, nLayers=32, nHeads=16, kvHeads=1, headDim=256, seqLen=2048, F=16384, block="parallel", activation="swiglu", batch=1),
}
out = {}
for name, c in CASES.items():
    acts = sum(int(np.prod(s)) for s in activation_shapes(c, c["batch"])) * F32
    params = param_shapes(c)
    n = sum(int(np.prod(s)) for s in params)
    out[name] = dict(
        activationBytes=acts,
        paramBytes=n * F32,
        adamwBytes=2 * n * F32,
        adafactorBytes=sum(adafactor_floats(s, True) for s in params) * F32,
    )
print(json.dumps(out, indent=2))
