// The lane scheduler of parallel runs (docs/design.md §1, `run --jobs` and the UI's "Parallel runs"): runs wait in
// plan order, and the first waiting one starts when a lane (a worker of its own) is free or one more may start.
// The caller owns its lanes (workers, with their state); this owns the queue and which lane takes which run.

export interface LaneOptions<J, L> {
  /** The lanes there are now, busy or idle (a lane still training counts against the size until it ends). */
  lanes(): readonly L[];
  /** Whether a lane takes a run now: it has none and is not ending. */
  idle(lane: L): boolean;
  /** How many lanes may train at once. */
  size(): number;
  /** A new lane, asked for while there are fewer than size(); undefined when none can start. */
  spawn?(): L | undefined;
  /** False holds this run, and every run behind it, back (the plan order holds), e.g. while the peak is measured. */
  canStart?(job: J): boolean;
  start(job: J, lane: L): void;
}

export interface LaneScheduler<J> {
  /** Queues a run; it starts at once if a lane is free. */
  enqueue(job: J): void;
  /** Starts waiting runs while lanes are free (call it when a lane frees, the size grows or a hold lifts). */
  pump(): void;
  /** Takes the first waiting run that matches out of the queue (stopped before it started). */
  cancel(match: (job: J) => boolean): J | undefined;
  /** Takes every waiting run out: nothing more starts. */
  drain(): J[];
  readonly waiting: number;
}

export function createLaneScheduler<J, L>(opts: LaneOptions<J, L>): LaneScheduler<J> {
  const queue: J[] = [];
  const freeLane = (): L | undefined =>
    opts.lanes().find((l) => opts.idle(l)) ?? (opts.lanes().length < opts.size() ? opts.spawn?.() : undefined);

  function pump(): void {
    while (queue.length > 0) {
      const job = queue[0]!; // the loop runs while some wait
      if (opts.canStart && !opts.canStart(job)) return;
      const lane = freeLane();
      if (lane === undefined) return;
      queue.shift();
      opts.start(job, lane);
    }
  }

  return {
    enqueue(job) {
      queue.push(job);
      pump();
    },
    pump,
    cancel(match) {
      const i = queue.findIndex(match);
      return i >= 0 ? queue.splice(i, 1)[0] : undefined;
    },
    drain: () => queue.splice(0),
    get waiting() {
      return queue.length;
    },
  };
}
