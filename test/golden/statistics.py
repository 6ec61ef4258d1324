# Golden numbers for core/metrics/statistics.ts, computed with numpy only (no scipy here): sample means, SDs (ddof=1)
# and paired differences of seeded samples, and Student t CDF values by numerical integration of the t density.
# Run: python3 test/golden/statistics.py > test/golden/statistics.json
import json
import math

import numpy as np

rng = np.random.default_rng(12)
samples = []
for n in [2, 3, 5, 10]:
    base = rng.normal(2.3, 0.02, n)
    var = base + rng.normal(0.01, 0.01, n)
    d = var - base
    rel = var / base - 1
    samples.append(
        {
            "baseline": base.tolist(),
            "variant": var.tolist(),
            "meanBaseline": float(np.mean(base)),
            "sdBaseline": float(np.std(base, ddof=1)),
            "delta": float(np.mean(d)),
            "sd": float(np.std(d, ddof=1)),
            "relativeDelta": float(np.mean(rel)),
            "relativeSd": float(np.std(rel, ddof=1)),
        }
    )


def t_pdf(x, df):
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    return c * (1 + x * x / df) ** (-(df + 1) / 2)


def t_cdf(t, df):
    # P(T <= t) = 0.5 + integral_0^t pdf (symmetric density); Simpson's rule on a fine grid.
    xs = np.linspace(0, abs(t), 200001)
    ys = t_pdf(xs, df)
    h = xs[1] - xs[0]
    area = h / 3 * (ys[0] + ys[-1] + 4 * ys[1:-1:2].sum() + 2 * ys[2:-1:2].sum())
    return 0.5 + math.copysign(area, t)


cdf = [{"t": t, "df": df, "p": t_cdf(t, df)} for t, df in [(0.5, 1), (1.0, 2), (2.0, 3), (-1.5, 4), (2.5, 9), (1.2, 29), (3.0, 5)]]
print(json.dumps({"samples": samples, "cdf": cdf}, indent=2))
