# Golden numbers for the charts' seed groups (core/report/seed-bands.ts) and their smoothing
# (renderer/src/charts/smoothing.ts), computed with numpy and scipy only:
# - per step, the mean over seeds and its 95% Student-t interval, mean ± t(0.975, n − 1) · sd / √n (sd with ddof=1);
#   steps where only some seeds have logged use those seeds (n varies; no band where n = 1);
# - W&B's time-weighted EMA (docs.wandb.ai, "Smooth line plots", TWEMA): w = min(√param, 0.999), per point the
#   previous weight decays by w ** (Δx / x-range · 1000), debiased by the decayed count of points.
# Run: python3 test/golden/seed_bands.py > test/golden/seed_bands.json
import json

import numpy as np
from scipy import stats

rng = np.random.default_rng(22)
steps = list(range(0, 100, 10))
seeds = []
for s in range(3):
    ys = 5.0 * np.exp(-np.array(steps) / 40.0) + 2.0 + rng.normal(0, 0.05, len(steps))
    # The third seed is still training: it has logged 7 of the 10 steps.
    n = len(steps) if s < 2 else 7
    seeds.append({"steps": steps[:n], "ys": ys[:n].tolist()})

band = []
for i, step in enumerate(steps):
    vals = np.array([s["ys"][i] for s in seeds if i < len(s["ys"])])
    n = len(vals)
    m = float(np.mean(vals))
    if n >= 2:
        half = stats.t.ppf(0.975, n - 1) * np.std(vals, ddof=1) / np.sqrt(n)
        lo, hi = m - half, m + half
    else:
        lo = hi = None
    band.append({"step": step, "n": n, "mean": m, "lo": None if lo is None else float(lo), "hi": None if hi is None else float(hi)})


def twema(xs, ys, param):
    w = min(np.sqrt(param), 0.999)
    span = xs[-1] - xs[0]
    last, debias, out = 0.0, 0.0, []
    for i in range(len(ys)):
        dx = (xs[i] - xs[i - 1]) / span * 1000 if i > 0 and span > 0 else 0.0
        a = w ** dx
        last = last * a + ys[i]
        debias = debias * a + 1
        out.append(last / debias)
    return out


# Few points (20) and many (1000) over the same x range, at the same parameter: the few are barely smoothed.
x_few = np.linspace(0, 200, 20)
y_few = 2.5 + np.sin(x_few / 15) + rng.normal(0, 0.1, 20)
x_many = np.linspace(0, 200, 1000)
y_many = 2.5 + np.sin(x_many / 15) + rng.normal(0, 0.1, 1000)
# Uneven spacing: a gap weighs the earlier points less.
x_uneven = np.array([0, 1, 2, 3, 50, 51, 52, 100], dtype=float)
y_uneven = np.array([4, 3.8, 3.9, 3.7, 3.0, 3.1, 2.9, 2.5])

smoothing = []
for name, xs, ys in [("few", x_few, y_few), ("many", x_many, y_many), ("uneven", x_uneven, y_uneven)]:
    for param in [0.6, 0.99]:
        smoothing.append({"name": name, "param": param, "xs": xs.tolist(), "ys": ys.tolist(), "smoothed": twema(xs, ys, param)})

print(json.dumps({"seeds": seeds, "band": band, "smoothing": smoothing}, indent=1))
