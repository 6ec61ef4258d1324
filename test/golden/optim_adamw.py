# Golden AdamW trajectories for test/optim-adamw.test.ts, in float64 numpy, written from the PyTorch / optax
# AdamW formula: bias-corrected moments, param -= lr_k * (mhat / (sqrt(vhat) + eps) + wd * param), where the
# decay term applies to matrices only (a vector, like a norm scale, is not decayed).
# Run: python3 test/golden/optim_adamw.py  (writes optim_adamw.json next to it)
import json
import math
import os

import numpy as np

STEPS = 5


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def lr_at(spec, k):
    if spec["kind"] == "constant":
        return spec["value"]
    # warm-up + cosine: linear to peak over warmupSteps, then half a cosine to minRatio * peak at totalSteps.
    peak, w, total, lo = spec["peak"], spec["warmupSteps"], spec["totalSteps"], spec["minRatio"]
    if k < w:
        return peak * k / w
    t = min(1.0, (k - w) / (total - w))
    return peak * (lo + (1 - lo) * 0.5 * (1 + math.cos(math.pi * t)))


def adamw_run(opts, params, grads):
    p = {n: x.copy() for n, x in params.items()}
    m = {n: np.zeros_like(x) for n, x in params.items()}
    v = {n: np.zeros_like(x) for n, x in params.items()}
    b1, b2, eps, wd = opts["beta1"], opts["beta2"], opts["eps"], opts["weightDecay"]
    history = []
    for k, g in enumerate(grads, start=1):
        lr = lr_at(opts["lr"], k)
        for n in p:
            m[n] = b1 * m[n] + (1 - b1) * g[n]
            v[n] = b2 * v[n] + (1 - b2) * g[n] ** 2
            mhat = m[n] / (1 - b1 ** k)
            vhat = v[n] / (1 - b2 ** k)
            decay = wd * p[n] if p[n].ndim >= 2 else 0.0
            p[n] = p[n] - lr * (mhat / (np.sqrt(vhat) + eps) + decay)
        history.append({n: x.ravel().tolist() for n, x in p.items()})
    return history, m, v


CASES = [
    ("constant lr 0.01, wd 0.1", dict(lr={"kind": "constant", "value": 0.01})),
    ("warm-up cosine (peak 0.05, warm-up 2, total 5, min 0.1), wd 0.5",
     dict(weightDecay=0.5, lr={"kind": "cosine", "peak": 0.05, "warmupSteps": 2, "totalSteps": 5, "minRatio": 0.1})),
]


def main():
    rng = np.random.default_rng(7)
    shapes = {"w": [4, 3], "scale": [3]}
    out = {"steps": STEPS, "shapes": shapes, "cases": []}
    for name, over in CASES:
        opts = {"beta1": 0.9, "beta2": 0.99, "eps": 1e-8, "weightDecay": 0.1, **over}
        params = {n: f32(rng.normal(size=s)) for n, s in shapes.items()}
        grads = [{n: f32(rng.normal(size=s) * (0.2 + 0.3 * k)) for n, s in shapes.items()} for k in range(STEPS)]
        history, m, v = adamw_run(opts, params, grads)
        out["cases"].append({
            "name": name, "options": opts,
            "params": {n: x.ravel().tolist() for n, x in params.items()},
            "grads": [{n: x.ravel().tolist() for n, x in g.items()} for g in grads],
            "expected": history,
            "m": {n: x.ravel().tolist() for n, x in m.items()},
            "v": {n: x.ravel().tolist() for n, x in v.items()},
        })
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim_adamw.json")
    with open(path, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
