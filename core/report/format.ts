// Number formatting for reports: counts (1.23M), FLOPs (4.5 GFLOP), bytes (12.3 KiB), percentages, durations.
// Every formatter takes null/undefined/non-finite as "unknown" and prints an em dash, so tables never show NaN.
export const MISSING = '—';

type Maybe = number | null | undefined;

function isKnown(n: Maybe): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** Three significant digits without trailing zeros: 1.5, 12.3, 123, 1234. */
export function formatSignificant(n: number, digits = 3): string {
  if (n === 0) return '0';
  if (Math.abs(n) >= 10 ** digits) return Math.round(n).toString();
  return String(Number(n.toPrecision(digits)));
}

/** Picks the largest prefix that keeps the mantissa ≥ 1, then prints three significant digits. */
function formatScaled(n: number, base: number, prefixes: string[], unit: string, join: string): string {
  let i = 0;
  let value = n;
  while (Math.abs(value) >= base && i < prefixes.length - 1) {
    value /= base;
    i++;
  }
  // 999.95k rounds to "1000k"; move up a prefix instead.
  if (Math.abs(Number(value.toPrecision(3))) >= base && i < prefixes.length - 1) {
    value /= base;
    i++;
  }
  return `${formatSignificant(value)}${join}${prefixes[i]}${unit}`;
}

/** 1234567 → "1.23M". */
export function formatCount(n: Maybe): string {
  return isKnown(n) ? formatScaled(n, 1000, ['', 'k', 'M', 'B', 'T'], '', '') : MISSING;
}

/** 4.5e9 → "4.5 GFLOP". */
export function formatFlops(n: Maybe): string {
  return isKnown(n) ? formatScaled(n, 1000, ['', 'k', 'M', 'G', 'T', 'P', 'E'], 'FLOP', ' ') : MISSING;
}

/** 4.5e9 → "4.5 GFLOP/s". */
export function formatFlopsPerSec(n: Maybe): string {
  return isKnown(n) ? `${formatFlops(n)}/s` : MISSING;
}

/** 12595 → "12.3 KiB" (binary prefixes: memory is allocated in powers of two). */
export function formatBytes(n: Maybe): string {
  return isKnown(n) ? formatScaled(n, 1024, ['', 'Ki', 'Mi', 'Gi', 'Ti'], 'B', ' ') : MISSING;
}

/** A fraction as a percentage: 0.462 → "46.2%". */
export function formatPercent(fraction: Maybe, digits = 1): string {
  return isKnown(fraction) ? `${(fraction * 100).toFixed(digits)}%` : MISSING;
}

/** Losses in nats, to three decimals: differences between ablations live in the second decimal. */
export function formatLoss(n: Maybe): string {
  return isKnown(n) ? n.toFixed(3) : MISSING;
}

/** 850 → "850 ms", 12300 → "12.3 s", 245000 → "4m 05s", 3720000 → "1h 02m". */
export function formatDurationMs(ms: Maybe): string {
  if (!isKnown(ms)) return MISSING;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${formatSignificant(ms / 1000)} s`;
  const totalSec = Math.round(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (totalSec < 3600) return `${Math.floor(totalSec / 60)}m ${pad(totalSec % 60)}s`;
  return `${Math.floor(totalSec / 3600)}h ${pad(Math.floor(totalSec / 60) % 60)}m`;
}

/** A change relative to a reference: "+0.020" for losses. */
export function formatDelta(n: Maybe, digits = 3): string {
  return isKnown(n) ? `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(digits)}` : MISSING;
}

/** A ratio to a reference: "×1.15". */
export function formatRatio(n: Maybe): string {
  return isKnown(n) ? `×${n.toFixed(2)}` : MISSING;
}
