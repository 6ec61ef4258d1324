// Progress of a training run on stderr: a cli-progress bar (step/total, loss, tokens/s, ETA) on a terminal,
// a plain line per logged point otherwise (logs, CI, tests).
import { SingleBar } from 'cli-progress';
import type { MetricPoint } from '../core/record';

export interface Progress {
  update(point: MetricPoint): void;
  /** A message above the bar (or a line). */
  note(message: string): void;
  stop(): void;
}

export const formatTokensPerSec = (n: number) => Math.round(n).toLocaleString('en-US');

export function createProgress(name: string, startStep: number, totalSteps: number): Progress {
  if (!process.stderr.isTTY) {
    return {
      update: (p) => {
        const val = p.valLoss === undefined ? '' : ` val ${p.valLoss.toFixed(4)}`;
        process.stderr.write(
          `${name} step ${p.step}/${totalSteps} loss ${p.trainLoss.toFixed(4)}${val} ${formatTokensPerSec(p.tokensPerSec)} tok/s\n`,
        );
      },
      note: (message) => process.stderr.write(`${message}\n`),
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    format: `${name} [{bar}] {value}/{total} | loss {loss} | {tps} tok/s | ETA {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 20,
  });
  bar.start(totalSteps, startStep, { loss: '—', tps: '—' });
  return {
    update: (p) => bar.update(p.step, { loss: p.trainLoss.toFixed(4), tps: formatTokensPerSec(p.tokensPerSec) }),
    // The bar redraws on its own line at the next update; the message keeps the line it was written on.
    note: (message) => process.stderr.write(`\n${message}\n`),
    stop: () => bar.stop(),
  };
}

/** Progress through a file by bytes: a bar on a terminal, a line at each quarter otherwise. */
export function createByteProgress(label: string, totalBytes: number): { update(bytes: number): void; stop(): void } {
  const line = (bytes: number) =>
    `${label}: ${Math.floor((100 * bytes) / totalBytes)}% (${bytes.toLocaleString('en-US')} of ${totalBytes.toLocaleString('en-US')} bytes)`;
  if (!process.stderr.isTTY) {
    let quarter = 0;
    return {
      update: (bytes) => {
        const reached = Math.floor((4 * bytes) / totalBytes);
        if (reached > quarter) process.stderr.write(`${line(bytes)}\n`);
        quarter = Math.max(quarter, reached);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} bytes | ETA {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
  });
  bar.start(totalBytes, 0);
  return { update: (bytes) => bar.update(bytes), stop: () => bar.stop() };
}
