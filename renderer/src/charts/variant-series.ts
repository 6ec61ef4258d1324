// The series a chart draws for its variants (pure): per variant the mean over its seeds (raw, and smoothed as the
// mean of the seeds' smoothed lines), the 95% band's edges, and, when asked, each seed's own line.
import type { Series } from './chart-rows';
import type { XY } from './downsample';
import { aggregateSeeds, type SeedPoint } from '../../../core/report/seed-bands';
import { smoothSeries } from './chart-rows';

export interface VariantInput {
  key: string;
  /** Each seed's run: its id and its points of the chart's metric, in step order. */
  seeds: { id: string; points: SeedPoint[] }[];
}

export const bandLoKey = (key: string) => `lo|${key}`;
export const bandHiKey = (key: string) => `hi|${key}`;
export const seedKey = (runId: string) => `seed|${runId}`;

const xy = (x: number, y: number): XY => ({ x, y });

/** Series for buildChartRows, each smoothed already: `key` (the mean), the band's `lo|key` and `hi|key`, and `seed|id` per seed if asked. */
export function buildVariantSeries(variants: readonly VariantInput[], weight: number, withSeeds: boolean): Series[] {
  return variants.flatMap((v) => {
    const smoothedSeeds = v.seeds.map((s) => {
      const ys = smoothSeries(
        s.points.map((p) => xy(p.x, p.y)),
        weight,
      );
      return s.points.map((p, i): SeedPoint => ({ ...p, y: ys[i]!.y })); // one smoothed value per point
    });
    const raw = aggregateSeeds(v.seeds.map((s) => s.points));
    const smooth = aggregateSeeds(smoothedSeeds);
    const band = smooth.filter((p) => p.lo !== undefined && p.hi !== undefined);
    const out: Series[] = [
      {
        key: v.key,
        points: raw.map((p) => xy(p.x, p.mean)),
        smoothed: smooth.map((p) => xy(p.x, p.mean)),
      },
    ];
    if (band.length > 0) {
      const lo = band.map((p) => xy(p.x, p.lo!)); // filtered above
      const hi = band.map((p) => xy(p.x, p.hi!));
      out.push(
        { key: bandLoKey(v.key), points: lo, smoothed: lo },
        { key: bandHiKey(v.key), points: hi, smoothed: hi },
      );
    }
    if (withSeeds && v.seeds.length > 1)
      out.push(
        ...v.seeds.map((s, i) => ({
          key: seedKey(s.id),
          points: s.points.map((p) => xy(p.x, p.y)),
          smoothed: smoothedSeeds[i]!.map((p) => xy(p.x, p.y)), // one smoothed line per seed
        })),
      );
    return out;
  });
}
