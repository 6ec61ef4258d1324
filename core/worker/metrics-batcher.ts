// Metric points leave the worker in batches: at most one message per run every `intervalMs` (default 100 ms,
// ~10 messages/s), so a fast run never floods the UI thread.
import type { MetricPoint } from '../record';

export class MetricsBatcher {
  private readonly pending = new Map<string, MetricPoint[]>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (runId: string, points: MetricPoint[]) => void,
    private readonly intervalMs = 100,
  ) {}

  add(runId: string, points: MetricPoint[]): void {
    const list = this.pending.get(runId);
    if (list)
      for (const point of points) list.push(point); // a loop: a spread of a long batch overflows the stack
    else this.pending.set(runId, [...points]);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Send everything pending now (before a status change, so points never arrive after `done`). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const [runId, points] of this.pending) if (points.length > 0) this.send(runId, points);
    this.pending.clear();
  }
}
