// SIGINT (Ctrl-C) and SIGTERM for the life of a training command, handled alike: with a run training, the first
// stops it after its step (a checkpoint is written) and the second quits at once, leaving run.json "stopped";
// with no run training yet (the worker starting), one quits at once. Exit codes are 128 + the signal's number.
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
let target: InterruptTarget | null = null;
let received = 0;
let last: Signal | null = null;
/** What a signal does with no run training; by default, quit (the lock files are released on exit). */
let idle: (signal: Signal) => void = (signal) => process.exit(exitCodeFor(signal));

function onSignal(signal: Signal): void {
  received++;
  last = signal;
  if (!target) return idle(signal);
  if (received === 1 && target.stop(signal)) return;
  process.stderr.write(`\n${signal}: quitting at once; the run is recorded as stopped at its last checkpoint\n`);
  target.abandon(signal);
  process.exit(exitCodeFor(signal));
}

/** Take over SIGINT and SIGTERM; call first thing in a command that trains. */
export function installInterrupts(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** The run that signals now stop; returns the function that clears it. */
export function setInterruptTarget(t: InterruptTarget): () => void {
  target = t;
  return () => {
    if (target === t) target = null;
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
