# Golden numbers for the sweep plot's statistics (core/report/sweep.ts), computed with numpy and scipy only: per
# variant and learning rate, the mean final validation loss over the seeds that did not diverge and its 95% Student-t
# interval, mean ± t(0.975, n − 1) · sd / √n (sd with ddof=1; no interval where n < 2), and the diverged count.
# Run: python3 test/golden/sweep.py > test/golden/sweep.json
import json

import numpy as np
from scipy import stats

rng = np.random.default_rng(5)
rates = [0.003, 0.01, 0.03, 0.1, 0.3]
variants = ["palm", "bias"]
seeds = [0, 1, 2]
# Diverged runs (variant, rate index, seed): bias diverges at the top rate for every seed, palm for seed 2 only.
diverged = {("bias", 4, 0), ("bias", 4, 1), ("bias", 4, 2), ("palm", 4, 2)}

runs = []
for v, name in enumerate(variants):
    for k, lr in enumerate(rates):
        for s in seeds:
            # A U-shaped curve in log(lr), the bias variant worse and more sensitive.
            loss = 2.4 + 0.05 * v + (0.35 + 0.1 * v) * (np.log10(lr) + 1.6) ** 2 + rng.normal(0, 0.03)
            runs.append({"variant": name, "lr": lr, "seed": s, "diverged": (name, k, s) in diverged,
                         "loss": None if (name, k, s) in diverged else float(loss)})

curves = {}
for name in variants:
    curve = []
    for k, lr in enumerate(rates):
        here = [r for r in runs if r["variant"] == name and r["lr"] == lr]
        vals = np.array([r["loss"] for r in here if not r["diverged"]])
        n = len(vals)
        point = {"at": k, "n": n, "diverged": sum(r["diverged"] for r in here), "mean": None, "lo": None, "hi": None}
        if n >= 1:
            point["mean"] = float(np.mean(vals))
        if n >= 2:
            half = stats.t.ppf(0.975, n - 1) * np.std(vals, ddof=1) / np.sqrt(n)
            point["lo"], point["hi"] = float(point["mean"] - half), float(point["mean"] + half)
        curve.append(point)
    curves[name] = curve

print(json.dumps({"rates": rates, "runs": runs, "curves": curves}, indent=1))
