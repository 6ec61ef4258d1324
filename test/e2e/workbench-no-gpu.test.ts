// End to end in Chromium with no GPU at all: WebGPU finds no adapter, the workbench says why it fell back and
// trains on WASM through the same flow as on WebGPU (workbench-flow.ts).
import { describe } from 'vitest';
import { useSession } from './harness';
import { describeWorkbenchFlow, WASM_STEPS } from './workbench-flow';

const session = useSession({ viewport: { width: 1280, height: 800 }, acceptDownloads: true }, false);

describe('workbench in Chromium without a GPU', () => {
  describeWorkbenchFlow(session, 'no-gpu', { backend: /Backend: (wasm|cpu).*fell back/, steps: WASM_STEPS });
});
