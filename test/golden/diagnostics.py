# Golden evaluation diagnostics for core/train/diagnostics.ts, on the float64 numpy forward of forward_numpy.py:
# per-position cross-entropy, mean output log Z, the largest visible attention logit q.k/sqrt(Dh), and the loss on
# windows twice the training length (RoPE; learned positions cannot go there).
# Run: python3 test/golden/diagnostics.py > test/golden/diagnostics.json
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forward_numpy as fw  # noqa: E402

B, T = fw.B, fw.T
CASES = [c for c in fw.CASES if c[0] in ("parallel-rope-swiglu-mqa-tied-layernorm", "serial-learned-gelu-bias-untied-mha-layernorm")]


def token_stats(c, w, inputs, targets):
    fw.MAX_LOGIT[0] = -np.inf
    logits = np.stack([fw.model_fwd(c, w, x) for x in inputs])  # [B, T, V]
    m = logits.max(axis=-1, keepdims=True)
    log_z = (m + np.log(np.exp(logits - m).sum(axis=-1, keepdims=True)))[..., 0]
    ce = log_z - np.take_along_axis(logits, targets[..., None], axis=-1)[..., 0]  # [B, T]
    return ce, log_z, fw.MAX_LOGIT[0]


def main():
    rng = np.random.RandomState(2023)  # Wortsman et al.
    out = []
    for name, c in CASES:
        text, w = fw.make_weights(c, rng)
        seq = rng.randint(0, c["vocabSize"], size=(B, T + 1))
        ce, log_z, max_logit = token_stats(c, w, seq[:, :-1], seq[:, 1:])
        case = {
            "name": name,
            "config": {"model": dict(c), "data": {"tokenizer": "byte"}},
            "inputs": seq[:, :-1].tolist(),
            "targets": seq[:, 1:].tolist(),
            "loss": float(ce.mean()),
            "ceByPosition": ce.mean(axis=0).tolist(),
            "meanLogZ": float(log_z.mean()),
            "maxAttnLogit": max_logit,
            "weights": text,
        }
        if c["position"] == "rope":
            # B contiguous windows of 2T + 1 tokens sharing their edge token: evalBatches' layout when the split holds
            # exactly B * 2T + 1 tokens.
            ids = rng.randint(0, c["vocabSize"], size=B * 2 * T + 1)
            windows = np.stack([ids[b * 2 * T: (b + 1) * 2 * T + 1] for b in range(B)])
            ce2, _, _ = token_stats(c, w, windows[:, :-1], windows[:, 1:])
            case["long"] = {"ids": ids.tolist(), "factor": 2, "loss": float(ce2.mean())}
        out.append(case)
    print(json.dumps({"cases": out}, separators=(",", ":")))


if __name__ == "__main__":
    main()
