// The browser entry of the training worker (a dedicated module Worker, bundled by Vite): the shared handler on
// WebGPU, WASM or CPU. The wasm binaries are served as assets, so their URLs come from the bundler.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { currentGpuDevice, initBackend } from '../kernels/backend';
import { WorkerHandler } from './handler';
import type { FromWorker, ToWorker } from './protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

const scope = self as unknown as {
  postMessage(msg: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

const handler = new WorkerHandler({
  post: (msg, transfer) => scope.postMessage(msg, transfer ?? []),
  startBackend: initBackend,
  device: currentGpuDevice,
});

scope.onmessage = (e) => void handler.handle(e.data);
