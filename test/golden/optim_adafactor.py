# Golden Adafactor trajectories for test/optim-adafactor.test.ts, written from docs/palm.md §4 alone, in float64
# numpy. Inputs are rounded to float32 first so both sides start from identical numbers.
# Run: python3 test/golden/optim_adafactor.py  (writes optim_adafactor.json next to it)
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
    return min(spec["peak"], 1.0 / math.sqrt(k))  # rsqrt


def rms(x):
    return math.sqrt(np.mean(x * x))


def adafactor_run(opts, param, grads):
    """docs/palm.md §4 steps 1-6, one parameter, len(grads) steps; returns params after each step and final state."""
    p = param.copy()
    shape = p.shape
    factored = None
    if opts["factored"] and p.ndim >= 2:
        order = sorted(range(p.ndim), key=lambda i: (shape[i], i))
        if shape[order[-2]] >= opts["minDimSizeToFactor"]:
            factored = tuple(sorted(order[-2:]))
    vr = vc = v = m = None
    if factored:
        a, b = factored
        vr = np.zeros(np.delete(shape, b))
        vc = np.zeros(np.delete(shape, a))
    else:
        v = np.zeros(shape)
    if opts["beta1"] is not None:
        m = np.zeros(shape)
    history = []
    for k, g in enumerate(grads, start=1):
        lr = lr_at(opts["lr"], k)
        decay = 1.0 - k ** (-opts["decayRate"])
        g2 = g * g + opts["eps1"]
        if factored:
            a, b = factored
            vr = decay * vr + (1 - decay) * g2.mean(axis=b)
            vc = decay * vc + (1 - decay) * g2.mean(axis=a)
            r = vr / vr.mean(axis=a, keepdims=True)
            u = g / np.sqrt(np.expand_dims(r, b)) / np.sqrt(np.expand_dims(vc, a))
        else:
            v = decay * v + (1 - decay) * g2
            u = g / np.sqrt(v)
        u = u / max(1.0, rms(u) / opts["clippingThreshold"])
        step = lr * (max(rms(p), opts["eps2"]) if opts["multiplyByParameterScale"] else 1.0)
        u = u * step
        if m is not None:
            m = opts["beta1"] * m + (1 - opts["beta1"]) * u
            u = m
        wd = 0.0 if opts["weightDecayLrExponent"] is None else lr ** opts["weightDecayLrExponent"]
        p = (1 - wd) * p - u
        history.append(p.copy())
    slots = {"vr": vr, "vc": vc, "v": v, "m": m}
    return history, {name: s for name, s in slots.items() if s is not None}


BASE = dict(factored=True, minDimSizeToFactor=128, decayRate=0.8, beta1=None, clippingThreshold=1.0,
            multiplyByParameterScale=True, eps1=1e-30, eps2=1e-3, weightDecayLrExponent=None,
            lr={"kind": "constant", "value": 0.05})

CASES = [
    ("factored 6x5 (minDim 4), constant lr", [6, 5], dict(minDimSizeToFactor=4)),
    ("factored 5x6 (minDim 4), momentum, weight decay, rsqrt", [5, 6],
     dict(minDimSizeToFactor=4, beta1=0.9, weightDecayLrExponent=2, lr={"kind": "rsqrt", "peak": 0.6})),
    ("factored 6x5, update clipping 0.5, no parameter scale", [6, 5],
     dict(minDimSizeToFactor=4, clippingThreshold=0.5, multiplyByParameterScale=False, lr={"kind": "constant", "value": 0.01})),
    ("4x6 below minDim 128: unfactored though factored=true, momentum", [4, 6], dict(beta1=0.9)),
    ("unfactored 6x5, momentum, weight decay, rsqrt (PaLM)", [6, 5],
     dict(factored=False, beta1=0.9, weightDecayLrExponent=2, lr={"kind": "rsqrt", "peak": 0.6})),
    ("1-D [7]: never factored, momentum, weight decay", [7],
     dict(minDimSizeToFactor=1, beta1=0.5, weightDecayLrExponent=1.5, lr={"kind": "rsqrt", "peak": 0.6})),
    ("tiny parameter: eps2 floor of the parameter scale", [3, 4], dict(factored=False, paramScale=1e-5)),
]


def main():
    rng = np.random.default_rng(20220405)
    out = {"steps": STEPS, "cases": []}
    for name, shape, over in CASES:
        opts = {**BASE, **over}
        param_scale = opts.pop("paramScale", 1.0)
        param = f32(rng.normal(size=shape) * param_scale)
        # Gradient scale changes between steps so the moment estimates actually move.
        grads = [f32(rng.normal(size=shape) * (0.1 + 0.5 * k)) for k in range(STEPS)]
        history, slots = adafactor_run(opts, param, grads)
        out["cases"].append({
            "name": name, "shape": shape, "options": opts,
            "param": param.ravel().tolist(), "grads": [g.ravel().tolist() for g in grads],
            "expected": [p.ravel().tolist() for p in history],
            "slots": {k: {"shape": list(s.shape), "values": s.ravel().tolist()} for k, s in slots.items()},
        })
    # The default minDimSizeToFactor (128) triggers on a 130x129 matrix; inputs follow a closed formula the test
    # reproduces, so the JSON holds only the final factored moments and a few parameter rows.
    rows, cols = 130, 129
    i, j = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    param = f32(np.cos(0.37 * i + 0.11 * j))
    grads = [f32(np.sin(0.13 * i - 0.29 * j + 1.7 * k) * (1 + 0.01 * i)) for k in range(1, 4)]
    opts = {**BASE, "beta1": 0.9}
    history, slots = adafactor_run(opts, param, grads)
    out["large"] = {
        "name": "factored 130x129, default minDim 128, momentum", "shape": [rows, cols], "options": opts,
        "param": "cos(0.37 i + 0.11 j)", "grad": "sin(0.13 i - 0.29 j + 1.7 k) * (1 + 0.01 i), k = 1..3",
        "steps": len(grads), "rowsChecked": [0, 64, 129],
        "expectedRows": [history[-1][r].tolist() for r in (0, 64, 129)],
        "expectedSum": float(history[-1].sum()),
        "vr": slots["vr"].tolist(), "vc": slots["vc"].tolist(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim_adafactor.json")
    with open(path, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
