// The paper panel's data (pure): for each claim of the table (core/claims/claims.ts), PaLM's claim and what the
// user's runs measured — the latest pair of runs that differ in that switch alone, compared by core/report's describeMeasured.
import { listConfigChanges } from '../../../core/config';
import { CLAIMS, describeClaim, inClaimScope, optionValue, type PaperClaim as TableClaim } from '../../../core/claims';
import { describeMeasured } from '../../../core/report';
import type { RunData } from '../../../core/record';

export interface PaperClaim {
  id: string;
  title: string;
  /** The switch's value under PaLM's choice and under the alternative, e.g. "mqa" and "mha". */
  palm: unknown;
  alternative: unknown;
  /** The switch's own key; a pair of runs may differ only in keys of `table.scope`. */
  key: string;
  claim: string;
  table: TableClaim;
}

/** Every claim of the table (core/claims/claims.ts), as the panel shows it. */
export const PAPER_CLAIMS: PaperClaim[] = CLAIMS.map((c) => ({
  id: c.id,
  title: c.title,
  palm: optionValue(c, c.palm),
  alternative: optionValue(c, c.alternative),
  key: c.key,
  claim: c.claim,
  table: c,
}));

export interface PaperFinding {
  claim: PaperClaim;
  /** The pair compared (PaLM's choice first), or null when no two runs differ in this switch alone. */
  pair: [string, string] | null;
  measured: string[];
}

function readKey(run: RunData, dotted: string): unknown {
  const [section, key] = dotted.split('.') as [string, string]; // claim keys are "section.key"
  return (run.record.config as unknown as Record<string, Record<string, unknown>>)[section]![key];
}

/** The newest pair (PaLM's choice, the alternative) whose configs differ only in the switch's keys. */
export function findAblationPair(runs: RunData[], claim: PaperClaim): [RunData, RunData] | null {
  const withData = runs.filter((r) => r.metrics.length > 0);
  for (let j = withData.length - 1; j >= 0; j--) {
    const alt = withData[j]!;
    if (readKey(alt, claim.key) !== claim.alternative) continue;
    for (let i = withData.length - 1; i >= 0; i--) {
      const palm = withData[i]!;
      if (readKey(palm, claim.key) !== claim.palm) continue;
      const changes = listConfigChanges(palm.record.config, alt.record.config);
      if (changes.every((c) => inClaimScope(claim.table, c.key))) return [palm, alt];
    }
  }
  return null;
}

export function buildPaperFindings(runs: RunData[]): PaperFinding[] {
  return PAPER_CLAIMS.map((claim) => {
    const pair = findAblationPair(runs, claim);
    if (!pair) return { claim, pair: null, measured: [] };
    // describeMeasured compares with the run whose label is "": make that PaLM's choice.
    const [palm, alt] = pair.map((r, i) => ({
      ...r,
      record: { ...r.record, label: i === 0 ? '' : String(claim.alternative) },
    })) as [RunData, RunData];
    return { claim, pair: [palm.record.name, alt.record.name], measured: describeMeasured([palm, alt]) };
  });
}

/** The paper's claims that these runs test (a headline switch compared alone), for a report's claim box. */
export function describeTestedClaims(runs: RunData[]): string | undefined {
  const tested = PAPER_CLAIMS.filter((claim) => findAblationPair(runs, claim) !== null);
  if (tested.length === 0) return undefined;
  return tested.map((c) => describeClaim(c.table)).join(' ');
}
