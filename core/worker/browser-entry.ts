// The browser entry of the training worker (a dedicated module Worker, bundled by Vite): the shared handler on
// WebGPU, WASM or CPU. The wasm binaries are served as assets, so their URLs come from the bundler; wasm runs
// threaded (its share of the logical cores) where the page is cross-origin isolated and blob: workers may start.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { wasmThreadsPerRun } from '../runs/shares';
import { currentGpuDevice, initBackend, type BackendInfo, type BackendName } from '../kernels/backend';
import { WorkerHandler } from './handler';
import type { FromWorker, ToWorker, WasmShare } from '../runs/protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** Whether a worker from a blob: URL starts here: tfjs' threaded wasm starts its pthreads that way, and a CSP
 *  without blob: in worker-src would leave the backend waiting for threads that never come. */
function canStartBlobWorker(): Promise<boolean> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' }));
    let worker: Worker;
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      worker?.terminate();
      URL.revokeObjectURL(url);
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), 2000);
    try {
      worker = new Worker(url);
      worker.onmessage = () => finish(true);
      worker.onerror = () => finish(false);
    } catch {
      finish(false);
    }
  });
}

/** Why wasm must stay on one thread here, or null when it may use every core. */
async function singleThreadReason(): Promise<string | null> {
  if (!globalThis.crossOriginIsolated) return 'the page is not cross-origin isolated (no COOP/COEP headers)';
  if (!(await canStartBlobWorker())) return 'blob: workers are blocked here (Content-Security-Policy worker-src)';
  return null;
}

/**
 * Run `start` while the page reports `cores` logical cores. tfjs' threaded build caps its pool at half of
 * navigator.hardwareConcurrency whatever setThreadsCount asks (tfjs-backend-wasm/src/cc/backend.cc assumes two
 * hyperthreads per core), so a 2-core machine without SMT got 1 thread. The cap is read once, while the wasm module
 * starts, so the count is changed only for that moment.
 */
async function withReportedCores<T>(cores: number, start: () => Promise<T>): Promise<T> {
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: cores, configurable: true });
  try {
    return await start();
  } finally {
    // The own property shadowed WorkerNavigator's getter; removing it brings the real count back.
    Reflect.deleteProperty(navigator, 'hardwareConcurrency');
  }
}

async function startBackend(requested?: BackendName, share: WasmShare = {}): Promise<BackendInfo> {
  const parallelRuns = share.parallelRuns ?? 1;
  let note: string | null = null;
  let threads = 1;
  if (requested === undefined || requested === 'wasm') {
    note = await singleThreadReason();
    // tfjs picks its threaded build from this flag alone; off, it loads the single-threaded SIMD build.
    if (note !== null) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    else {
      // Every logical core but one (left to the page's main thread), shared by the runs that train at once.
      const cores = navigator.hardwareConcurrency || 1;
      threads = share.wasmThreads ?? wasmThreadsPerRun(cores, parallelRuns);
      setThreadsCount(threads);
      if (share.wasmThreads !== undefined) note = `${threads} thread(s) asked for on ${cores} cores`;
      else if (parallelRuns > 1) note = `the ${cores} cores are shared by ${parallelRuns} parallel runs`;
      else if (threads === 1 && cores > 1) note = `one of the ${cores} cores is left to the page`;
    }
  }
  const info =
    threads > 1 ? await withReportedCores(2 * threads, () => initBackend(requested)) : await initBackend(requested);
  if (info.backend !== 'wasm') return info;
  const wasmThreads = getThreadsCount();
  return {
    ...info,
    wasmThreads,
    ...(note !== null && navigator.hardwareConcurrency > 1 ? { wasmThreadsNote: note } : {}),
  };
}

const scope = self as unknown as {
  postMessage(msg: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

const handler = new WorkerHandler({
  post: (msg, transfer) => scope.postMessage(msg, transfer ?? []),
  startBackend,
  device: currentGpuDevice,
});

scope.onmessage = (e) => void handler.handle(e.data);
