// An experiment spec with its claims (docs/design.md §2): config's parse, then the `claims` ids checked against the
// claims table and the spec's `claim` text filled from them when the spec gives none.
import { ExperimentError, parseExperimentSpec } from '../config/experiment';
import type { Experiment } from '../config/plan';
import { quoteValue } from '../config/limits';
import { ALL_CLAIMS, describeClaim, findClaim } from './claims';

/** Validate an experiment spec (parsed JSON). Throws ExperimentError naming the file, JSON path and problem. */
export function parseExperiment(json: unknown, file: string): Experiment {
  const exp = parseExperimentSpec(json, file);
  const known = new Set(ALL_CLAIMS.map((c) => c.id));
  const issues = exp.claims.flatMap((id, i) =>
    known.has(id)
      ? []
      : [{ path: `claims[${i}]`, message: `must be a claim id: ${[...known].join(', ')} (got ${quoteValue(id)})` }],
  );
  if (issues.length > 0) throw new ExperimentError(issues, file);
  return { ...exp, claim: exp.claim || exp.claims.map((id) => describeClaim(findClaim(id))).join(' ') };
}
