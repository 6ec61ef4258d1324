// When each run was on a worker, paused spans left out, and which runs shared time with which: the one overlap
// marking of parallel runs (the UI's pool and `run --jobs`), whose speed figures are not solo ones (the record's
// `overlappedWith`, docs/design.md §2).

export interface RunTimes {
  /** The run starts on a worker now (again, for a run resumed from its checkpoint). */
  begin(runId: string, name: string): void;
  /** The run trains again after a pause; nothing while it is not paused. */
  resume(runId: string): void;
  /** The run paused or left its worker. */
  close(runId: string): void;
  /** Names of the other runs that shared any time with it (touching ends do not count). */
  overlapsOf(runId: string): string[];
}

export function createRunTimes(now: () => number): RunTimes {
  // In ms since the epoch; the last `end` is Infinity while the run is on its worker. Kept after a run ends, so
  // a run that ends later still sees that it overlapped this one.
  const runs = new Map<string, { name: string; spans: { start: number; end: number }[] }>();
  const resume = (runId: string) => {
    const spans = runs.get(runId)?.spans;
    if (spans && spans.at(-1)?.end !== Infinity) spans.push({ start: now(), end: Infinity });
  };
  return {
    begin(runId, name) {
      if (!runs.has(runId)) runs.set(runId, { name, spans: [] });
      resume(runId);
    },
    resume,
    close(runId) {
      const last = runs.get(runId)?.spans.at(-1);
      if (last && last.end === Infinity) last.end = now();
    },
    overlapsOf(runId) {
      const mine = runs.get(runId)?.spans ?? [];
      const names = new Set<string>();
      for (const [id, other] of runs) {
        if (id !== runId && other.spans.some((o) => mine.some((m) => o.start < m.end && m.start < o.end)))
          names.add(other.name);
      }
      return [...names];
    },
  };
}
