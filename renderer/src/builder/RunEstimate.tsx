// The live estimate under the builder: per planned run, parameters, FLOPs/token, training memory, and tokens/s and
// time on this backend from the last measured speed, or, before any run has measured one, a first estimate at the
// backend's kept calibrated peak (a lower bound: no run reaches the matmul peak), labelled as such.
import { formatBytes, formatCount, formatDurationMs, formatFlops } from '../../../core/report';
import type { AblationRun } from './ablations';
import type { RunEstimate as Estimate } from './estimate';

export function RunEstimate({
  runs,
  estimates,
  speed,
}: {
  runs: AblationRun[];
  estimates: Estimate[];
  /** Where the time comes from: a run's measured speed, the calibrated peak (a first estimate), or nothing yet. */
  speed: 'measured' | 'first' | 'none';
}) {
  const approx = speed === 'first' ? '≥' : '≈';
  if (runs.length === 0) return null;
  const totalMs = estimates.every((e) => e.etaMs !== null)
    ? estimates.reduce((sum, e) => sum + (e.etaMs ?? 0), 0)
    : null;
  return (
    <div className="estimate" aria-label="Estimate">
      <table>
        <caption>
          Estimate per run
          {totalMs !== null ? ` · all ${runs.length}: ${approx} ${formatDurationMs(totalMs)}` : ''}
          {speed === 'first' && totalMs !== null ? ' (first estimate)' : ''}
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
                  {e.etaMs !== null ? `${approx} ${formatDurationMs(e.etaMs)}` : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">
        {speed === 'measured'
          ? 'Time from the model FLOP/s the last run on this backend reached, scaled by FLOPs/token.'
          : speed === 'first'
            ? 'First estimate: the time at the calibrated matmul peak, a lower bound (no run reaches it); a run’s ' +
              'measured speed replaces it.'
            : 'Time appears once the backend’s peak is calibrated or a run on it has logged its speed.'}
      </p>
    </div>
  );
}
