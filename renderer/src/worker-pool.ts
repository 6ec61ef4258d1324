// The UI's training workers: each a browser Web Worker running core/worker/browser-entry.ts, plugged into the run
// orchestration core's pool (core/runs/pool.ts: lanes, one calibration, shares, overlap marking).
import type { RunWorker } from '../../core/runs/worker-link';
import type { FromWorker } from '../../core/runs/protocol';

export function createBrowserWorker(): RunWorker {
  const worker = new Worker(new URL('../../core/worker/browser-entry.ts', import.meta.url), {
    type: 'module',
    name: 'palm-training',
  });
  const link: RunWorker = {
    postMessage: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onmessage: null,
    onerror: null,
    terminate: () => worker.terminate(),
  };
  worker.onmessage = (event: MessageEvent<FromWorker>) => link.onmessage?.({ data: event.data });
  worker.onerror = (event) => link.onerror?.({ message: event.message });
  return link;
}
