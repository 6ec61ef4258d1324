// SIGINT (Ctrl-C) and SIGTERM for the life of a training command, handled alike: with runs training (`run --jobs N`
// has several), the first stops every one after its step (a checkpoint is written) and the second quits at once,
// leaving each run.json "stopped"; with a run not training yet (its worker starting), one quits at once. Exit codes
// are 128 + the signal's number.
type Signal = 'SIGINT' | 'SIGTERM';

export interface InterruptTarget {
  /** Ask the run to stop cleanly; false when it cannot (not training yet): it is then abandoned at once. */
  stop(signal: Signal): boolean;
  /** Record the run as stopped, synchronously: the process exits right after. */
  abandon(signal: Signal): void;
}

const SIGNAL_NUMBERS: Record<Signal, number> = { SIGINT: 2, SIGTERM: 15 };
export const exitCodeFor = (signal: Signal) => 128 + SIGNAL_NUMBERS[signal];

let installed = false;
/** The runs that signals stop now: one per run in progress. */
const targets = new Set<InterruptTarget>();
let received = 0;
let last: Signal | null = null;
/** What a signal does with no run training; by default, quit (the lock files are released on exit). */
let idle: (signal: Signal) => void = (signal) => process.exit(exitCodeFor(signal));

function onSignal(signal: Signal): void {
  received++;
  last = signal;
  if (targets.size === 0) return idle(signal);
  // Every run is asked (no short cut): those that can stop do. One that cannot (still setting up) would train on,
  // so then all quit at once, as on a second signal.
  if (received === 1 && [...targets].map((t) => t.stop(signal)).every(Boolean)) return;
  const runs = targets.size === 1 ? 'the run is' : `the ${targets.size} runs are`;
  process.stderr.write(`\n${signal}: quitting at once; ${runs} recorded as stopped at the last checkpoint\n`);
  for (const t of targets) t.abandon(signal);
  process.exit(exitCodeFor(signal));
}

/** Take over SIGINT and SIGTERM; call first thing in a command that trains. */
export function installInterrupts(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Add a run for signals to stop (one per run in progress); returns the function that removes it. */
export function addInterruptTarget(t: InterruptTarget): () => void {
  targets.add(t);
  return () => {
    targets.delete(t);
  };
}

/** What a signal does between runs (e.g. `run`: finish, report what ran); returns the function that restores it. */
export function onIdleInterrupt(handler: (signal: Signal) => void): () => void {
  const previous = idle;
  idle = handler;
  return () => {
    idle = previous;
  };
}

/** The last signal received, if any: a stopped run's exit code follows it. */
export const lastInterrupt = (): Signal | null => last;
