// The unit an axis is shown in, picked from the largest value drawn: binary bytes (KiB, MiB, GiB), percent for MFU,
// thousands/millions for counts, a power of ten for small learning rates, minutes for long wall times.

export type UnitKind = 'bytes' | 'percent' | 'count' | 'rate' | 'seconds' | 'plain';

export interface AxisUnit {
  /** Data value of one shown unit: ticks and labels are data / size. */
  size: number;
  /** Shown after the axis title in brackets, e.g. "MiB", "%", "×10⁻⁴"; "" for none. */
  label: string;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** "×10⁻⁴" for k = -4. */
export function formatPowerOfTen(k: number): string {
  return `×10${[...String(k)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

const BYTE_UNITS: [number, string][] = [
  [2 ** 30, 'GiB'],
  [2 ** 20, 'MiB'],
  [2 ** 10, 'KiB'],
];
const COUNT_UNITS: [number, string][] = [
  [1e9, 'billions'],
  [1e6, 'millions'],
  [1e3, 'thousands'],
];

export function pickAxisUnit(kind: UnitKind, maxAbs: number): AxisUnit {
  const max = Number.isFinite(maxAbs) ? Math.abs(maxAbs) : 0;
  switch (kind) {
    case 'bytes': {
      const found = BYTE_UNITS.find(([size]) => max >= size);
      return found ? { size: found[0], label: found[1] } : { size: 1, label: 'bytes' };
    }
    case 'percent':
      return { size: 0.01, label: '%' };
    case 'count': {
      const found = COUNT_UNITS.find(([size]) => max >= size);
      return found ? { size: found[0], label: found[1] } : { size: 1, label: '' };
    }
    case 'rate': {
      // Plain decimals read well down to 0.001; below that a shared power of ten keeps ticks short.
      if (max === 0 || max >= 1e-3) return { size: 1, label: '' };
      const k = Math.floor(Math.log10(max));
      return { size: 10 ** k, label: formatPowerOfTen(k) };
    }
    case 'seconds':
      return max >= 600 ? { size: 60, label: 'min' } : { size: 1, label: 's' };
    case 'plain':
      return { size: 1, label: '' };
  }
}

/** "Peak memory (MiB)", "Learning rate (×10⁻⁴)", "Train loss (nats)": the title with its unit, if any. */
export function titleWithUnit(title: string, unit: AxisUnit, baseUnit = ''): string {
  const parts = [unit.label, baseUnit].filter(Boolean);
  return parts.length ? `${title} (${parts.join(' ')})` : title;
}
