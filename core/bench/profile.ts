// A per-op profile of one training step: tf.profile's kernel records aggregated by kernel name (time and calls),
// slowest first. Kernel times nest (a custom-gradient scope's time includes the kernels it runs), so shares are of
// the sum of top-level kernels only when nothing nests; the report says so.

export interface KernelRecord {
  name: string;
  /** A number, or an error object where the backend could not time the kernel (resolved by tf.profile). */
  kernelTimeMs: unknown;
}

export interface KernelRow {
  name: string;
  ms: number;
  calls: number;
  /** Fraction of the summed time of all rows. */
  share: number;
}

/** Sum time and count calls per kernel name; a record whose timer failed counts as a call with no time. */
export function aggregateKernels(kernels: readonly KernelRecord[]): KernelRow[] {
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of kernels) {
    const row = byName.get(k.name) ?? { ms: 0, calls: 0 };
    row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    row.calls += 1;
    byName.set(k.name, row);
  }
  const total = [...byName.values()].reduce((s, r) => s + r.ms, 0);
  return [...byName]
    .map(([name, r]) => ({ name, ms: r.ms, calls: r.calls, share: total > 0 ? r.ms / total : 0 }))
    .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name));
}
