// A chart's axes from what it draws (pure): the unit picked from the largest value, 1-2-5 ticks in that unit
// enclosing every point (none clipped, raw or smoothed, linear or log), labels and the title with its unit.
import { buildLinearTicks, buildLogTicks, formatTick, toDataTicks } from './axis';
import type { ChartRow } from './chart-rows';
import { pickAxisUnit, titleWithUnit, type UnitKind } from './units';

export interface AxisModel {
  /** Tick positions as data values (recharts' `ticks`). */
  ticks: number[];
  domain: [number, number];
  title: string;
  formatTick(dataValue: number): string;
}

export interface AxisSpec {
  title: string;
  unitKind: UnitKind;
  baseUnit?: string;
  log?: boolean;
  /** Rates and sizes start at zero, so their heights compare. */
  fromZero?: boolean;
  /** 2% above the largest value, so a flat line at its maximum (a constant learning rate) is off the frame. */
  headroom?: boolean;
  maxTicks?: number;
}

/** Smallest and largest value of every series in the rows (x excluded); null when there is none. */
export function findRowsExtent(rows: readonly ChartRow[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    for (const [key, v] of Object.entries(row)) {
      if (key === 'x' || v === undefined || !Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : null;
}

export function buildAxis(spec: AxisSpec, min: number, max: number): AxisModel {
  const unit = pickAxisUnit(spec.unitKind, Math.max(Math.abs(min), Math.abs(max)));
  const zeroBased = spec.fromZero && !spec.log;
  const lo = (zeroBased ? Math.min(0, min) : min) / unit.size;
  const hi = ((zeroBased ? Math.max(0, max) : max) * (spec.headroom ? 1.02 : 1)) / unit.size;
  const ticks = spec.log && lo > 0 ? buildLogTicks(lo, hi, spec.maxTicks) : buildLinearTicks(lo, hi, spec.maxTicks);
  const dataTicks = toDataTicks(ticks, unit.size);
  return {
    ticks: dataTicks,
    domain: [dataTicks[0]!, dataTicks.at(-1)!], // tick builders return at least two ticks
    title: titleWithUnit(spec.title, unit, spec.baseUnit),
    formatTick: (v) => formatTick(v / unit.size, ticks),
  };
}
