// The "parallel runs" setting beside the backend picker: how many runs train at once from the next one started
// (wasm and cpu; WebGPU runs share one device, so there it stays at one and says why).
import { useState } from 'react';
import { useServices, useWorkbench } from '../context';
import { readParallelRunsChoice, resolveParallelRuns, writeParallelRunsChoice } from './parallel-runs';

export function ParallelRunsControl() {
  const { pool } = useServices();
  const backend = useWorkbench((s) => s.backend?.backend);
  const cores = navigator.hardwareConcurrency || 1;
  const [choice, setChoice] = useState(() => readParallelRunsChoice(localStorage));
  const value = resolveParallelRuns(backend, choice, cores);
  const onGpu = backend === 'webgpu';
  const change = (text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > cores) return;
    writeParallelRunsChoice(localStorage, n);
    setChoice(n);
    pool.resize(resolveParallelRuns(backend, n, cores));
  };
  return (
    <div className="parallel-runs">
      <label>
        Parallel runs{' '}
        <input
          type="number"
          min={1}
          max={cores}
          step={1}
          value={value}
          disabled={onGpu || backend === undefined}
          aria-describedby="parallel-runs-note"
          onChange={(e) => change(e.target.value)}
        />
      </label>
      <span id="parallel-runs-note" className="hint">
        {onGpu
          ? ' WebGPU runs share one device: two at once would only slow each other'
          : ` of ${cores} cores, from the next run started`}
      </span>
    </div>
  );
}
