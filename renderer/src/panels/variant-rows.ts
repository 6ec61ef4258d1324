// The comparison's rows per variant (pure): each column's mean ± sd over the variant's seeds, N, and its seeds' own
// rows to expand to. Only variants with more than one seed get one; a single run is its own row already.
import { mean, sampleSd } from '../../../core/metrics/statistics';
import type { Variant } from '../runs/variants';
import { COLUMNS, type ComparisonRow } from './comparison';

export interface VariantRow {
  key: string;
  name: string;
  n: number;
  colour: string;
  /** Per column: mean and sample sd over the seeds that have a value (sd null under two). */
  values: Record<string, { mean: number; sd: number | null } | null>;
  seeds: ComparisonRow[];
}

export function buildVariantRows(rows: readonly ComparisonRow[], variants: readonly Variant[]): VariantRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return variants
    .filter((v) => v.runIds.length > 1)
    .map((v) => {
      const seeds = v.runIds.flatMap((id) => byId.get(id) ?? []);
      const values = Object.fromEntries(
        COLUMNS.map((c) => {
          const xs = seeds.map((s) => s.values[c.id]).filter((x): x is number => x !== null && x !== undefined);
          return [c.id, xs.length ? { mean: mean(xs), sd: xs.length > 1 ? sampleSd(xs) : null } : null];
        }),
      );
      return { key: v.key, name: v.name, n: seeds.length, colour: v.style.colour, values, seeds };
    });
}
