// The Node entry of the training worker (worker_threads): the same handler as the browser's, on Dawn/wasm/cpu.
import { totalmem } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { currentGpuDevice } from '../kernels/backend';
import { WorkerHandler } from './handler';
import { initNodeBackend } from './node-backend';
import type { ToWorker } from '../runs/protocol';

if (!parentPort) throw new Error('core/worker/node-entry.ts must run in a worker thread');
const port = parentPort;

const handler = new WorkerHandler({
  post: (msg, transfer) => port.postMessage(msg, transfer),
  startBackend: initNodeBackend,
  device: currentGpuDevice,
  machineMemoryBytes: totalmem(),
});

port.on('message', (msg: ToWorker) => void handler.handle(msg));
