// End to end in Chromium on WebGPU (SwiftShader): the default preset comparing both attentions, two curves
// growing, pause/resume, reload, samples from stored checkpoints, deletion and a double import (workbench-flow.ts).
// The automatic choice now prefers wasm over a software adapter, so this file picks WebGPU in the backend picker,
// as a user who wants it would.
import { describe } from 'vitest';
import { useSession } from './harness';
import { describeWorkbenchFlow } from './workbench-flow';

const session = useSession({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });

describe('workbench in Chromium on SwiftShader WebGPU', () => {
  describeWorkbenchFlow(session, 'webgpu', { pick: 'webgpu', backend: /Backend: webgpu/, steps: 40 });
});
