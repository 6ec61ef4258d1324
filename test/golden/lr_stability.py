# Golden numbers for core/report/lr-stability.ts, computed independently with numpy: per rung x variant, each swept
# learning rate's final val loss averaged over the seeds that did not diverge (np.mean), the best rate (np.argmin over
# rates where no seed diverged, lowest rate on a tie), the first rate above it where a seed diverged or the mean loss
# exceeds the best by more than the margin, and the largest attention logit and |log Z| logged at that rate (np.max).
# Run: python3 test/golden/lr_stability.py > test/golden/lr_stability.json
import json

import numpy as np

LRS = [0.01, 0.03, 0.1, 0.3, 1.0]
RUNGS = [{"index": 0, "name": "d16", "params": 10_000}, {"index": 1, "name": "d32", "params": 40_000}]
# Final val loss per (rung, variant, seed) over LRS; None: the run diverged. Written by hand so each rule shows:
# d16 palm stable (a low rate worse than the best does not count: it is below it); d16 bias over the margin only in
# the mean of its two seeds at 0.3; d32 palm over the margin at 1; d32 bias diverged in one seed at 0.3.
LOSSES = {
    ("d16", "palm"): [[2.9, 2.5, 2.42, 2.45, 2.49], [2.95, 2.52, 2.44, 2.43, 2.5]],
    ("d16", "bias"): [[2.8, 2.47, 2.45, 2.52, 2.7], [2.82, 2.49, 2.46, 2.6, 2.66]],
    ("d32", "palm"): [[2.6, 2.31, 2.3, 2.36, 2.5], [2.62, 2.29, 2.32, 2.37, 2.48]],
    ("d32", "bias"): [[2.55, 2.3, 2.28, None, None], [2.58, 2.33, 2.31, 2.6, None]],
}


def diagnostics(rung, variant, seed, i):
    """Logged points of a run: attention logits and log Z growing with the rate; none for a run that diverged at
    once (d32 bias seed 0 at rate 1)."""
    if (rung, variant, seed, i) == ("d32", "bias", 0, 4):
        return [], []
    k = 4 if variant == "bias" else 3
    attn = [1.0 + 0.5 * s + 2.0 * i * (1 + seed) for s in range(k)]
    logz = [(-1) ** s * (0.2 + 0.3 * i + 0.1 * seed + 0.05 * s) for s in range(k)]
    return attn, logz


def threshold(grid, margin):
    ok = [g for g in grid if g["diverged"] == 0 and g["meanLoss"] is not None]
    if not ok:
        return {"bestLr": None, "bestLoss": None, "unstableLr": None, "reason": None}
    losses = np.array([g["meanLoss"] for g in ok])
    best = ok[int(np.argmin(losses))]  # np.argmin takes the first (lowest-rate) minimum
    for g in grid:
        if g["lr"] <= best["lr"]:
            continue
        if g["diverged"] > 0:
            return {"bestLr": best["lr"], "bestLoss": best["meanLoss"], "unstableLr": g["lr"], "reason": "diverged"}
        if g["meanLoss"] is not None and g["meanLoss"] > best["meanLoss"] + margin:
            return {"bestLr": best["lr"], "bestLoss": best["meanLoss"], "unstableLr": g["lr"], "reason": "loss"}
    return {"bestLr": best["lr"], "bestLoss": best["meanLoss"], "unstableLr": None, "reason": None}


runs = []
for rung in RUNGS:
    for variant in ["palm", "bias"]:
        for seed, losses in enumerate(LOSSES[(rung["name"], variant)]):
            for i, (lr, loss) in enumerate(zip(LRS, losses)):
                attn, logz = diagnostics(rung["name"], variant, seed, i)
                runs.append({"rung": rung, "variant": variant, "seed": seed, "lr": lr, "finalValLoss": loss,
                             "maxAttnLogit": attn, "meanLogZ": logz})

tables = {}
for margin in [0.1, 0.25]:
    rows = []
    for rung in RUNGS:
        for variant in ["palm", "bias"]:
            grid = []
            for lr in LRS:
                rs = [r for r in runs if r["rung"] is rung and r["variant"] == variant and r["lr"] == lr]
                kept = np.array([r["finalValLoss"] for r in rs if r["finalValLoss"] is not None], float)
                attn = np.concatenate([np.asarray(r["maxAttnLogit"], float) for r in rs])
                logz = np.abs(np.concatenate([np.asarray(r["meanLogZ"], float) for r in rs]))
                grid.append({"lr": lr, "meanLoss": float(np.mean(kept)) if kept.size else None, "seeds": len(rs),
                             "diverged": sum(r["finalValLoss"] is None for r in rs),
                             "maxAttnLogit": float(np.max(attn)) if attn.size else None,
                             "maxLogZ": float(np.max(logz)) if logz.size else None})
            t = threshold(grid, margin)
            at = next((g for g in grid if g["lr"] == t["unstableLr"]), grid[-1])
            rows.append({"rung": {"index": rung["index"], "name": rung["name"]}, "params": rung["params"],
                         "variant": variant, "seeds": 2, "margin": margin, "grid": grid, **t,
                         "diagnosticsLr": at["lr"], "maxAttnLogit": at["maxAttnLogit"], "maxLogZ": at["maxLogZ"]})
    tables[str(margin)] = rows

print(json.dumps({"runs": runs, "tables": tables}, indent=1))
