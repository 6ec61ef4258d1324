// Verdicts (issue 12 §3): a claim's test against the paired 95% interval of (alternative − PaLM). Directional claims
// need the whole interval on PaLM's side of 0; neutral claims need it inside ±margin (an equivalence test);
// not-worse claims need it on PaLM's side of −margin (non-inferiority).
import { EFFECT_METRICS, type ClaimTest } from '../claims';
import type { PairedDifference } from '../metrics/statistics';

export type Verdict = 'supported' | 'contradicted' | 'inconclusive';

/** The verdict of one test; fewer than two seeds (no interval) is always inconclusive. */
export function judgeTest(test: ClaimTest, diff: PairedDifference): Verdict {
  if (diff.n < 2 || diff.ci95 === null) return 'inconclusive';
  const [lo, hi] = diff.ci95;
  if (test.expect === 'neutral') {
    if (lo >= -test.margin && hi <= test.margin) return 'supported';
    if (lo > test.margin || hi < -test.margin) return 'contradicted';
    return 'inconclusive';
  }
  // delta = alternative − PaLM: PaLM wins when the alternative is worse (higher where lower is better).
  const palmWinsAbove = EFFECT_METRICS[test.metric].lowerIsBetter;
  if (test.expect === 'not-worse') {
    // PaLM at most `margin` worse: delta ≥ −margin where lower is better, delta ≤ +margin where higher is.
    const m = test.margin;
    if (palmWinsAbove ? lo >= -m : hi <= m) return 'supported';
    if (palmWinsAbove ? hi < -m : lo > m) return 'contradicted';
    return 'inconclusive';
  }
  if (palmWinsAbove ? lo > 0 : hi < 0) return 'supported';
  if (palmWinsAbove ? hi < 0 : lo > 0) return 'contradicted';
  return 'inconclusive';
}

/** A claim's verdict from its tests': any contradicted test contradicts it; it is supported when every one is. */
export function combineVerdicts(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('contradicted')) return 'contradicted';
  if (verdicts.length > 0 && verdicts.every((v) => v === 'supported')) return 'supported';
  return 'inconclusive';
}
