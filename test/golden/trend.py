# Golden numbers for core/metrics/trend.ts and core/metrics/to-target.ts, computed independently with numpy/scipy:
# the weighted least-squares line of effect on log10(params) (numpy lstsq on the sqrt(w)-scaled design, covariance
# s^2 (X'WX)^-1 with s^2 = weighted RSS / (n - 2), scipy's t quantile), the zero crossing's Fieller interval found by
# root-finding (scipy brentq) on (a + b x)^2 - t^2 Var(a + b x), tokens-to-target by numpy interp in log-log space,
# and paired log-ratio intervals from scipy.stats.ttest_1samp.
# Run: python3 test/golden/trend.py > test/golden/trend.json
import json

import numpy as np
from scipy import optimize, stats


def fit(params, effects, ses):
    x = np.log10(np.asarray(params, float))
    y = np.asarray(effects, float)
    se = np.asarray(ses, float)
    weighted = bool(np.all(se > 0))
    w = 1 / se**2 if weighted else np.ones_like(y)
    X = np.column_stack([np.ones_like(x), x])
    sw = np.sqrt(w)
    coef, *_ = np.linalg.lstsq(X * sw[:, None], y * sw, rcond=None)
    a, b = coef
    n = len(y)
    out = {"params": list(map(float, params)), "effects": list(map(float, effects)), "ses": list(map(float, ses)),
           "weighting": "inverse-variance" if weighted else "equal", "intercept": float(a), "slope": float(b)}
    if n > 2:
        r = y - X @ coef
        s2 = float(np.sum(w * r**2) / (n - 2))
        V = s2 * np.linalg.inv(X.T @ (w[:, None] * X))
        t = stats.t.ppf(0.975, n - 2)
        out["slopeCi95"] = [float(b - t * np.sqrt(V[1, 1])), float(b + t * np.sqrt(V[1, 1]))]
        g = lambda z: (a + b * z) ** 2 - t**2 * (V[0, 0] + 2 * z * V[0, 1] + z * z * V[1, 1])
        x0 = -a / b
        if b * b > t**2 * V[1, 1]:
            # g < 0 at x0 and g -> +inf both ways: bracket each root by stepping out from x0.
            lo = x0 - 1
            while g(lo) < 0:
                lo -= (x0 - lo)
            hi = x0 + 1
            while g(hi) < 0:
                hi += (hi - x0)
            out["crossingCi95"] = [float(10 ** optimize.brentq(g, lo, x0, xtol=1e-14)),
                                   float(10 ** optimize.brentq(g, x0, hi, xtol=1e-14))]
        else:
            out["crossingCi95"] = None
    else:
        out["slopeCi95"] = None
    out["crossingParams"] = float(10 ** (-a / b))
    out["withinLadder"] = bool(x.min() - 1 <= -a / b <= x.max() + 1)
    return out


rng = np.random.default_rng(21)
fits = [
    # A gap that shrinks with size, clearly: the crossing is bounded.
    fit([1.2e5, 4.1e5, 1.6e6, 6.3e6], [0.08, 0.055, 0.031, 0.012], [0.004, 0.005, 0.004, 0.006]),
    # Three rungs, noisy: 1 df, the slope's interval spans 0 and the crossing is unbounded.
    fit([1.35e5, 5.2e5, 2.1e6], [-0.044, -0.02, -0.031], [0.012, 0.015, 0.01]),
    # Unequal precision: the weights matter.
    fit([3e4, 1e5, 3e5, 1e6, 3e6], list(rng.normal([0.2, 0.16, 0.1, 0.07, 0.02], 0.01)), [0.002, 0.02, 0.004, 0.03, 0.003]),
    # One rung's se is 0 (identical seeds): equal weights.
    fit([1e5, 1e6, 1e7], [0.3, 0.2, 0.05], [0.0, 0.01, 0.02]),
    # Two rungs: a line, no interval.
    fit([1e5, 1e6], [0.1, 0.04], [0.01, 0.01]),
]


def to_target(tokens, losses, target):
    t = np.asarray(tokens, float)
    L = np.asarray(losses, float)
    hit = np.nonzero(L <= target)[0]
    if len(hit) == 0:
        return None
    i = hit[0]
    if i == 0:
        return float(t[0])
    # np.interp needs increasing x: log loss falls from L[i-1] to L[i].
    return float(np.exp(np.interp(np.log(target), [np.log(L[i]), np.log(L[i - 1])], [np.log(t[i]), np.log(t[i - 1])])))


curves = []
for tokens, losses, target in [
    ([5120, 10240, 15360, 20480], [3.1, 2.7, 2.5, 2.42], 2.6),
    ([5120, 10240, 15360, 20480], [3.1, 2.7, 2.5, 2.42], 2.42),
    ([5120, 10240, 15360, 20480], [3.1, 2.7, 2.5, 2.42], 3.5),
    ([5120, 10240, 15360, 20480], [3.1, 2.7, 2.5, 2.42], 2.3),
    ([1000, 4000, 16000, 64000], [5.0, 3.0, 2.9, 2.0], 2.95),
]:
    curves.append({"tokens": tokens, "losses": losses, "target": target, "expected": to_target(tokens, losses, target)})

ratios = []
for n in [2, 3, 5]:
    base = rng.uniform(1e5, 2e5, n)
    var = base * rng.normal(0.9, 0.05, n)
    logs = np.log(var / base)
    ci = stats.ttest_1samp(logs, 0).confidence_interval(0.95)
    ratios.append({"base": base.tolist(), "variant": var.tolist(), "ratio": float(np.exp(logs.mean())),
                   "ci95": [float(np.exp(ci.low)), float(np.exp(ci.high))],
                   "logSe": float(logs.std(ddof=1) / np.sqrt(n))})

print(json.dumps({"fits": fits, "curves": curves, "ratios": ratios}, indent=2))
