# Golden numbers for core/metrics: parameter counts, training FLOPs/token and MFU, computed independently
# from docs/palm.md §2–3 and the checkpoint layout of docs/design.md §2 (one shape per named tensor, summed with numpy).
# Run: python3 test/golden/flops_calculator.py > test/golden/flops_calculator.json
import json
import numpy as np

PALM = dict(vocabSize=256000, headDim=256, ffnMult=4, seqLen=2048, block="parallel", attention="mqa",
            position="rope", activation="swiglu", norm="layernorm", bias=False, tieEmbeddings=True)

CASES = [
    ("palm-8b", "subword", dict(PALM, nLayers=32, dModel=4096, nHeads=16)),
    ("palm-62b", "subword", dict(PALM, nLayers=64, dModel=8192, nHeads=32)),
    ("palm-540b", "subword", dict(PALM, nLayers=118, dModel=18432, nHeads=48)),
    ("serial-mha-bias-untied-learned-gelu", "byte",
     dict(vocabSize=256, dModel=64, nLayers=3, nHeads=4, headDim=16, ffnMult=4, seqLen=32, maxPositions=48,
          block="serial", attention="mha", position="learned", activation="gelu", norm="layernorm", bias=True,
          tieEmbeddings=False)),
    ("gqa-rmsnorm-bias", "subword",
     dict(vocabSize=300, dModel=96, nLayers=2, nHeads=6, kvHeads=2, headDim=16, ffnMult=2.5, seqLen=24,
          block="parallel", attention="gqa", position="rope", activation="swiglu", norm="rmsnorm", bias=True,
          tieEmbeddings=True)),
    ("serial-relu-untied", "byte",
     dict(vocabSize=256, dModel=40, nLayers=2, nHeads=2, headDim=12, ffnMult=3, seqLen=16, block="serial",
          attention="mqa", position="rope", activation="relu", norm="rmsnorm", bias=False, tieEmbeddings=False)),
    ("swiglu-param-matched", "byte",
     dict(vocabSize=256, dModel=48, nLayers=2, nHeads=3, headDim=16, ffnMult=4, swigluParamMatched=True,
          seqLen=16, block="parallel", attention="mqa", position="learned", activation="swiglu",
          norm="layernorm", bias=True, tieEmbeddings=True)),
]


def tensors(c):
    """(group, shape) for every weight, following the checkpoint names of docs/design.md §2."""
    D, H, Q, V, L = c["dModel"], c["nHeads"], c["headDim"], c["vocabSize"], c["nLayers"]
    G = {"mqa": 1, "mha": H, "gqa": c.get("kvHeads")}[c["attention"]]
    F = c["ffnMult"] * D
    if c["activation"] == "swiglu" and c.get("swigluParamMatched"):
        F = F * 2 / 3  # LLaMA's 8/3 D at ffnMult 4
    F = int(round(F))
    out = [("embedding", (V, D))]
    if c["position"] == "learned":
        out.append(("position", (c.get("maxPositions", c["seqLen"]), D)))
    norm = [("norms", (D,))] + ([("norms", (D,))] if c["bias"] and c["norm"] == "layernorm" else [])
    for _ in range(L):
        out += norm * (2 if c["block"] == "serial" else 1)
        for shape, bias in [((D, H * Q), H * Q), ((D, G * Q), G * Q), ((D, G * Q), G * Q), ((H * Q, D), D)]:
            out.append(("attention", shape))
            if c["bias"]:
                out.append(("attention", (bias,)))
        mats = [(D, F)] * (2 if c["activation"] == "swiglu" else 1) + [(F, D)]
        for shape in mats:
            out.append(("mlp", shape))
            if c["bias"]:
                out.append(("mlp", (shape[1],)))
    out += norm
    if not c["tieEmbeddings"]:
        out.append(("output", (D, V)))
    return out, G


def count(c):
    groups = {k: 0 for k in ["embedding", "position", "attention", "mlp", "norms", "output"]}
    ts, G = tensors(c)
    for group, shape in ts:
        groups[group] += int(np.prod(np.array(shape, dtype=np.int64)))
    groups["total"] = sum(groups.values())
    # docs/palm.md §3: N counts the shared embedding once and leaves out learned position embeddings.
    n = groups["total"] - groups["position"]
    attn = 12 * c["nLayers"] * c["nHeads"] * c["headDim"] * c["seqLen"]
    return dict(params=groups, flopsPerToken=6 * n + attn, attentionFlopsPerToken=attn,
                kvCacheBytesPerToken=2 * c["nLayers"] * G * c["headDim"] * 4)


cases = []
for name, tokenizer, model in CASES:
    cases.append(dict(name=name, input=dict(model=model, data=dict(tokenizer=tokenizer)), expected=count(model)))

# PaLM 540B's reported run (Appendix B): 238.3K tokens/s on 6144 TPU v4 chips at 275 TFLOP/s each.
palm540 = next(c for c in cases if c["name"] == "palm-540b")
tokens_per_sec, chips, peak = 238.3e3, 6144, 275e12
mfu = tokens_per_sec * palm540["expected"]["flopsPerToken"] / (chips * peak)

print(json.dumps(dict(cases=cases, mfu540b=dict(tokensPerSec=tokens_per_sec, chips=chips, peakFlopsPerSec=peak,
                                                  mfu=mfu)), indent=1))
