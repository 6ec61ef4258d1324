// The desktop app hands the machine's memory to the worker's init (so a run too big for the machine is refused before
// allocating, as the CLI does); a browser tab, without the preload API, sends none.
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkbenchApi } from '../electron/api';
import { desktopApi } from '../renderer/src/desktop';
import { createWorkbenchStore } from '../renderer/src/store/workbench-store';
import { createTrainingClient } from '../renderer/src/training-client';
import { FakeWorker, MemoryStorage } from './ui-fakes';

const globals = globalThis as { workbench?: Partial<WorkbenchApi> };

afterEach(() => {
  delete globals.workbench;
});

describe('machine memory at init', () => {
  it('is posted with the backend when the desktop API gives it, and left out in a browser tab', () => {
    const worker = new FakeWorker();
    const client = createTrainingClient(worker, createWorkbenchStore(), new MemoryStorage(), (f) => f());
    expect(desktopApi()).toBeUndefined();
    client.init('wasm', desktopApi()?.systemMemoryBytes());
    globals.workbench = { systemMemoryBytes: () => 16 * 2 ** 30 };
    client.init(undefined, desktopApi()?.systemMemoryBytes());
    expect(worker.posted).toEqual([
      { type: 'init', backend: 'wasm' },
      { type: 'init', machineMemoryBytes: 16 * 2 ** 30 },
    ]);
  });
});
