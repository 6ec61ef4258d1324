# Golden numbers for core/report/bench-speeds.ts and the tokens/s verdicts it feeds (core/report/evidence.ts),
# computed independently with numpy/scipy: two variants' tokens/s per interleaved round, the ratio variant / base as
# exp(mean of the per-round log ratios), its 95% interval from scipy.stats.ttest_1samp on those logs (exponentiated),
# the effect as ratio - 1, and the rounds whose own ratio lies on the same side of 1 as the mean's.
# Run: python3 test/golden/bench_speeds.py > test/golden/bench_speeds.json
import json

import numpy as np
from scipy import stats

CASES = [
    # A slow machine drift shared by both (round 3 halves both): the paired ratio stays near 0.8.
    {"base": [1200.0, 1180.0, 610.0, 1190.0], "variant": [980.0, 950.0, 480.0, 960.0]},
    # Equal within noise: the interval straddles 1.
    {"base": [1000.0, 1010.0, 990.0, 1005.0], "variant": [1003.0, 995.0, 1001.0, 1012.0]},
    # Two rounds: t(0.975, 1) = 12.7, a wide interval.
    {"base": [5000.0, 5200.0], "variant": [5600.0, 5500.0]},
]


def case(base, variant):
    logs = np.log(np.asarray(variant) / np.asarray(base))
    ratio = float(np.exp(logs.mean()))
    ci = stats.ttest_1samp(logs, 0).confidence_interval(0.95)
    side = np.sign(logs.mean())
    return {
        "base": base,
        "variant": variant,
        "ratio": ratio,
        "ci95": [float(np.exp(ci.low)), float(np.exp(ci.high))],
        "delta": ratio - 1,
        "deltaCi95": [float(np.exp(ci.low)) - 1, float(np.exp(ci.high)) - 1],
        "agreeing": int(np.sum(np.sign(logs) == side)),
        "baseMedian": float(np.median(base)),
        "variantMedian": float(np.median(variant)),
    }


print(json.dumps({"cases": [case(c["base"], c["variant"]) for c in CASES]}, indent=2))
