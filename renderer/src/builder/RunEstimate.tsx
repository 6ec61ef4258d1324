// The live estimate under the builder: per planned run, parameters, FLOPs/token, training memory, and tokens/s and
// time on this backend from the last measured speed (or a note that none is measured yet).
import { formatBytes, formatCount, formatDurationMs, formatFlops } from '../../../core/report';
import type { AblationRun } from './ablations';
import type { RunEstimate as Estimate } from './estimate';

export function RunEstimate({
  runs,
  estimates,
  measured,
}: {
  runs: AblationRun[];
  estimates: Estimate[];
  measured: boolean;
}) {
  if (runs.length === 0) return null;
  const totalMs = estimates.every((e) => e.etaMs !== null)
    ? estimates.reduce((sum, e) => sum + (e.etaMs ?? 0), 0)
    : null;
  return (
    <div className="estimate" aria-label="Estimate">
      <table>
        <caption>
          Estimate per run
          {totalMs !== null ? ` · all ${runs.length}: ≈ ${formatDurationMs(totalMs)}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Params</th>
            <th scope="col">FLOPs/token</th>
            <th scope="col" title="weights + gradients + optimizer state">
              Memory ≥
            </th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r, i) => {
            const e = estimates[i]!; // one estimate per planned run
            return (
              <tr key={r.name}>
                <th scope="row">{r.name}</th>
                <td>{formatCount(e.params)}</td>
                <td>{formatFlops(e.flopsPerToken)}</td>
                <td>{formatBytes(e.trainingBytes)}</td>
                <td title={e.tokensPerSec ? `≈ ${formatCount(e.tokensPerSec)} tokens/s` : undefined}>
                  {e.etaMs !== null ? `≈ ${formatDurationMs(e.etaMs)}` : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">
        {measured
          ? 'Time from the model FLOP/s the last run on this backend reached, scaled by FLOPs/token.'
          : 'Time appears once a run on this backend has logged its speed.'}
      </p>
    </div>
  );
}
