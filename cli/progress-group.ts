// Progress of the runs `run --jobs N` trains at once: one cli-progress bar per run on a terminal (a MultiBar, so
// the bars do not overwrite each other), and lines prefixed with the run's folder name otherwise.
import { MultiBar } from 'cli-progress';
import { createProgress, formatTokensPerSec, type Progress } from './progress';

export interface ProgressGroup {
  /** The progress of one run; stopping it removes its bar. */
  create(name: string, startStep: number, totalSteps: number): Progress;
  /** A line above the bars. */
  note(message: string): void;
  stop(): void;
}

export function createProgressGroup(lanes: number): ProgressGroup {
  if (lanes <= 1 || !process.stderr.isTTY) {
    return {
      create: createProgress,
      note: (message) => process.stderr.write(`${message}\n`),
      stop: () => undefined,
    };
  }
  const multi = new MultiBar({
    format: '{name} [{bar}] {value}/{total} | loss {loss} | {tps} tok/s | ETA {eta_formatted}',
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 20,
  });
  return {
    create: (name, startStep, totalSteps) => {
      const bar = multi.create(totalSteps, startStep, { name, loss: '—', tps: '—' });
      return {
        update: (p) => bar.update(p.step, { loss: p.trainLoss.toFixed(4), tps: formatTokensPerSec(p.tokensPerSec) }),
        note: (message) => multi.log(`${message}\n`),
        stop: () => multi.remove(bar),
      };
    },
    note: (message) => multi.log(`${message}\n`),
    stop: () => multi.stop(),
  };
}
