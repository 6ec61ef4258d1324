// The backend the worker trains on, its adapter or wasm threads, and why it fell back from a faster one; always in
// the header.
import { useWorkbench } from '../context';
import { formatFlopsPerSec } from '../../../core/report';

export function BackendBadge() {
  const backend = useWorkbench((s) => s.backend);
  if (!backend) return <p className="backend" role="status">Backend: starting…</p>;
  return (
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
      {backend.peakFlopsPerSec !== undefined && <span> · calibrated peak {formatFlopsPerSec(backend.peakFlopsPerSec)}</span>}
      {backend.fallbackReason && <span className="fallback"> · fell back: {backend.fallbackReason}</span>}
    </p>
  );
}
