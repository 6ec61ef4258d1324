# Golden forward passes for core/model: a 2-layer model with fixed weights, its logits and loss, computed
# independently in float64 numpy from docs/palm.md §1 (explicit per-head loops, RoPE written pair by pair).
# Weights come from numpy's RandomState and are written with 4 significant digits; both sides round those decimals
# to float32 the same way, so only the arithmetic precision differs (float32 in tfjs vs float64 here).
# Run: python3 test/golden/forward_numpy.py > test/golden/forward_numpy.json
import json
import numpy as np

B, T, EPS, Z_COEF = 2, 8, 1e-5, 1e-4
BASE = dict(vocabSize=256, dModel=8, nLayers=2, nHeads=4, headDim=4, ffnMult=4, seqLen=T, normEps=EPS)

CASES = [
    ("serial-learned-gelu-bias-untied-mha-layernorm",
     dict(BASE, maxPositions=10, block="serial", attention="mha", position="learned", activation="gelu",
          norm="layernorm", bias=True, tieEmbeddings=False)),
    ("parallel-rope-swiglu-mqa-tied-layernorm",
     dict(BASE, block="parallel", attention="mqa", position="rope", activation="swiglu", norm="layernorm",
          bias=False, tieEmbeddings=True)),
    ("serial-rope-swiglu-gqa-rmsnorm-bias-untied",
     dict(BASE, block="serial", attention="gqa", kvHeads=2, position="rope", activation="swiglu", norm="rmsnorm",
          bias=True, tieEmbeddings=False)),
    ("parallel-learned-relu-gqa-rmsnorm-tied",
     dict(BASE, block="parallel", attention="gqa", kvHeads=2, position="learned", activation="relu",
          norm="rmsnorm", bias=False, tieEmbeddings=True)),
]


def kv_heads(c):
    return {"mqa": 1, "mha": c["nHeads"], "gqa": c.get("kvHeads")}[c["attention"]]


def make_weights(c, rng):
    """Names and `x @ W` shapes of docs/design.md §2; K/V columns are head-major (head j owns columns j*Dh..(j+1)*Dh)."""
    D, V, H, Dh, G = c["dModel"], c["vocabSize"], c["nHeads"], c["headDim"], kv_heads(c)
    F = c["ffnMult"] * D
    w = {}

    def rnd(name, shape, std, mean=0.0):
        w[name] = mean + std * rng.standard_normal(shape)

    def norm(prefix):
        # scales near 1 and shifts near 0, but not exactly: the test must see them used
        rnd(f"{prefix}.scale", (D,), 0.1, 1.0)
        if c["bias"] and c["norm"] == "layernorm":
            rnd(f"{prefix}.bias", (D,), 0.1)

    def dense(name, n_in, n_out, bias):
        rnd(name, (n_in, n_out), 1 / np.sqrt(n_in))
        if c["bias"]:
            rnd(bias, (n_out,), 0.1)

    rnd("embed", (V, D), 1.0)
    if c["position"] == "learned":
        rnd("pos_embed", (c.get("maxPositions", c["seqLen"]), D), 1.0)
    for i in range(c["nLayers"]):
        p = f"blocks.{i}"
        norm(f"{p}.norm1")
        if c["block"] == "serial":
            norm(f"{p}.norm2")
        dense(f"{p}.attn.wq", D, H * Dh, f"{p}.attn.bq")
        dense(f"{p}.attn.wk", D, G * Dh, f"{p}.attn.bk")
        dense(f"{p}.attn.wv", D, G * Dh, f"{p}.attn.bv")
        dense(f"{p}.attn.wo", H * Dh, D, f"{p}.attn.bo")
        if c["activation"] == "swiglu":
            dense(f"{p}.mlp.w_gate", D, F, f"{p}.mlp.b_gate")
        dense(f"{p}.mlp.w_up", D, F, f"{p}.mlp.b_up")
        dense(f"{p}.mlp.w_down", F, D, f"{p}.mlp.b_down")
    norm("final_norm")
    if not c["tieEmbeddings"]:
        rnd("lm_head", (D, V), 1 / np.sqrt(D))
    # 4 significant digits, as written to the JSON; float32 as the model holds them
    text = {k: [float("%.4g" % x) for x in v.ravel()] for k, v in w.items()}
    return text, {k: np.array(text[k], dtype=np.float32).astype(np.float64).reshape(w[k].shape) for k in w}


def norm_fwd(c, w, prefix, x):
    scale = w[f"{prefix}.scale"]
    if c["norm"] == "rmsnorm":
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + EPS) * scale
    mu = np.mean(x, axis=-1, keepdims=True)
    var = np.mean((x - mu) ** 2, axis=-1, keepdims=True)
    y = (x - mu) / np.sqrt(var + EPS) * scale
    return y + w[f"{prefix}.bias"] if c["bias"] else y


def dense_fwd(c, w, x, name, bias):
    return x @ w[name] + (w[bias] if c["bias"] else 0.0)


def rope_fwd(x, Dh):
    """x [T, Dh] at positions 0..T-1: pair (i, i + Dh/2) rotated by angle t * 10000^(-2i/Dh)."""
    out = np.empty_like(x)
    half = Dh // 2
    for t in range(x.shape[0]):
        for i in range(half):
            a = t * 10000.0 ** (-2.0 * i / Dh)
            x1, x2 = x[t, i], x[t, i + half]
            out[t, i] = x1 * np.cos(a) - x2 * np.sin(a)
            out[t, i + half] = x2 * np.cos(a) + x1 * np.sin(a)
    return out


# The largest attention logit seen (causally visible keys only): test/golden/diagnostics.py reads it.
MAX_LOGIT = [-np.inf]


def attn_fwd(c, w, p, x):
    """x [T, D] of one sequence -> [T, D]; query head h reads K/V head h // (H / G)."""
    H, Dh, G = c["nHeads"], c["headDim"], kv_heads(c)
    q = dense_fwd(c, w, x, f"{p}.wq", f"{p}.bq")
    k = dense_fwd(c, w, x, f"{p}.wk", f"{p}.bk")
    v = dense_fwd(c, w, x, f"{p}.wv", f"{p}.bv")
    Tn = x.shape[0]
    out = np.zeros((Tn, H * Dh))
    for h in range(H):
        g = h // (H // G)
        qh, kh, vh = q[:, h * Dh:(h + 1) * Dh], k[:, g * Dh:(g + 1) * Dh], v[:, g * Dh:(g + 1) * Dh]
        if c["position"] == "rope":
            qh, kh = rope_fwd(qh, Dh), rope_fwd(kh, Dh)
        scores = qh @ kh.T / np.sqrt(Dh)
        for i in range(Tn):
            scores[i, i + 1:] = -np.inf
        MAX_LOGIT[0] = max(MAX_LOGIT[0], float(scores.max()))
        probs = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        out[:, h * Dh:(h + 1) * Dh] = probs @ vh
    return dense_fwd(c, w, out, f"{p}.wo", f"{p}.bo")


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def mlp_fwd(c, w, p, x):
    up = dense_fwd(c, w, x, f"{p}.w_up", f"{p}.b_up")
    if c["activation"] == "swiglu":
        gate = dense_fwd(c, w, x, f"{p}.w_gate", f"{p}.b_gate")
        hidden = gate / (1 + np.exp(-gate)) * up
    elif c["activation"] == "gelu":
        hidden = gelu_tanh(up)
    else:
        hidden = np.maximum(up, 0)
    return dense_fwd(c, w, hidden, f"{p}.w_down", f"{p}.b_down")


def model_fwd(c, w, tokens):
    """tokens [T] -> logits [T, V] for one sequence."""
    x = w["embed"][tokens]
    if c["position"] == "learned":
        x = x + w["pos_embed"][: len(tokens)]
    for i in range(c["nLayers"]):
        p = f"blocks.{i}"
        if c["block"] == "parallel":
            h = norm_fwd(c, w, f"{p}.norm1", x)
            x = x + attn_fwd(c, w, f"{p}.attn", h) + mlp_fwd(c, w, f"{p}.mlp", h)
        else:
            x = x + attn_fwd(c, w, f"{p}.attn", norm_fwd(c, w, f"{p}.norm1", x))
            x = x + mlp_fwd(c, w, f"{p}.mlp", norm_fwd(c, w, f"{p}.norm2", x))
    x = norm_fwd(c, w, "final_norm", x)
    if c["tieEmbeddings"]:
        return x @ w["embed"].T / np.sqrt(c["dModel"])
    return x @ w["lm_head"]


def main():
    rng = np.random.RandomState(20220405)  # PaLM's arXiv date
    out = {"zLossCoef": Z_COEF, "cases": []}
    for name, c in CASES:
        text, w = make_weights(c, rng)
        seq = rng.randint(0, c["vocabSize"], size=(B, T + 1))
        inputs, targets = seq[:, :-1], seq[:, 1:]
        logits = np.stack([model_fwd(c, w, inputs[b]) for b in range(B)])  # [B, T, V]
        m = logits.max(axis=-1, keepdims=True)
        log_z = (m + np.log(np.exp(logits - m).sum(axis=-1, keepdims=True)))[..., 0]  # [B, T]
        target_logit = np.take_along_axis(logits, targets[..., None], axis=-1)[..., 0]
        ce = float(np.mean(log_z - target_logit))
        z_loss = float(Z_COEF * np.mean(log_z ** 2))
        picks = [(int(b), int(t), int(v)) for b, t, v in zip(rng.randint(0, B, 24), rng.randint(0, T, 24),
                                                              rng.randint(0, c["vocabSize"], 24))]
        model = {k: v for k, v in c.items()}
        out["cases"].append({
            "name": name,
            "config": {"model": model, "data": {"tokenizer": "byte"}},
            "inputs": inputs.tolist(),
            "targets": targets.tolist(),
            "ce": ce,
            "zLoss": z_loss,
            "loss": ce + z_loss,
            "logits": [[b, t, v, float(logits[b, t, v])] for b, t, v in picks],
            "weights": text,
        })
    print(json.dumps(out, separators=(",", ":")))


if __name__ == "__main__":
    main()
