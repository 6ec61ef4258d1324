// The backend the worker trains on, its adapter or wasm threads, its calibrated peak and why it fell back from a
// faster one; a picker of backends, each with the speed a run measured on it (picking another reloads with fresh
// workers, as a worker keeps the backend it started, so it waits until no run is training); and parallel runs.
import { formatCount, formatFlopsPerSec } from '../../../core/report';
import { useMemo } from 'react';
import { useServices, useWorkbench } from '../context';
import { BACKEND_NAMES, BACKEND_STORAGE_KEY, summarizeBackendSpeeds } from './backend-speeds';
import { ParallelRunsControl } from './ParallelRunsControl';

const AUTO = 'auto';

export function BackendBadge() {
  const backend = useWorkbench((s) => s.backend);
  const busy = useWorkbench((s) => s.order.some((id) => ['running', 'queued'].includes(s.runs[id]!.record.status)));
  // Speeds change when a run finishes; the count of finished runs is the cheap trigger.
  const speedsKey = useWorkbench((s) => s.order.filter((id) => s.runs[id]!.record.status === 'done').length);
  const { store, pool } = useServices();
  const speeds = useMemo(() => summarizeBackendSpeeds(Object.values(store.getState().runs)), [speedsKey, store]);
  const chosen = localStorage.getItem(BACKEND_STORAGE_KEY) ?? AUTO;
  const pick = (value: string) => {
    if (value === AUTO) localStorage.removeItem(BACKEND_STORAGE_KEY);
    else localStorage.setItem(BACKEND_STORAGE_KEY, value);
    location.reload();
  };
  return (
    <div className="backend-bar">
      {backend ? (
        <p className="backend" role="status" aria-label="Backend">
          <strong>Backend: {backend.backend}</strong>
          {backend.adapterInfo && <span> · {backend.adapterInfo}</span>}
          {backend.wasmThreads !== undefined && (
            <span className="threads">
              {' '}
              · {backend.wasmThreads} thread{backend.wasmThreads === 1 ? '' : 's'}
              {backend.wasmThreadsNote && ` (${backend.wasmThreadsNote})`}
            </span>
          )}
          {backend.peakFlopsPerSec !== undefined ? (
            <span>
              {' '}
              · {backend.peakSource?.source === 'revised' ? 'peak (raised to a run’s achieved FLOP/s)' : 'calibrated peak'}{' '}
              {formatFlopsPerSec(backend.peakFlopsPerSec)}
              {backend.peakSource && `, kept since ${backend.peakSource.at.slice(0, 16).replace('T', ' ')}`} (MFU is
              against it){' '}
              <button
                type="button"
                className="link-button"
                disabled={busy}
                title={busy ? 'Measured beside a training run the peak would come out low: wait for the runs' : undefined}
                onClick={() => pool.postMessage({ type: 'calibrate' })}
              >
                re-measure the peak
              </button>
            </span>
          ) : (
            <span> · peak calibrated before the first run</span>
          )}
          {backend.fallbackReason && <span className="fallback"> · fell back: {backend.fallbackReason}</span>}
        </p>
      ) : (
        <p className="backend" role="status">
          Backend: starting…
        </p>
      )}
      <label className="backend-picker" title={busy ? 'Wait for the training runs, or pause them, to switch' : undefined}>
        Use{' '}
        <select aria-label="Backend to use" value={chosen} disabled={busy} onChange={(e) => pick(e.target.value)}>
          <option value={AUTO}>fastest that starts</option>
          {BACKEND_NAMES.map((b) => {
            const s = speeds.find((x) => x.backend === b);
            return (
              <option key={b} value={b}>
                {b}
                {s?.tokensPerSec ? ` · measured ${formatCount(s.tokensPerSec)} tokens/s` : ' · not measured yet'}
              </option>
            );
          })}
        </select>
      </label>
      <ParallelRunsControl />
    </div>
  );
}
