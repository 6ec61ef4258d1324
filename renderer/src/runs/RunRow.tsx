// One run in the queue: its colour, name, how it differs from its experiment's base, status with the phase it is
// in, progress with steps/s and the time left, and the actions its status allows (each button names its run).
import { memo } from 'react';
import { formatDurationMs, formatSignificant } from '../../../core/report';
import type { RunStatus } from '../../../core/record';
import { LineSwatch } from '../charts/ChartLegend';
import { useServices, useWorkbench } from '../context';
import type { RunStyle } from '../palette';
import { describeProgress } from './groups';
import { describePhase } from './phase';

// The worker pauses only the run it is training; a queued or starting run can be stopped (it ends as stopped).
const CAN_PAUSE: RunStatus[] = ['running'];
const CAN_STOP: RunStatus[] = ['running', 'queued', 'paused'];

interface Props {
  runId: string;
  isBaseline: boolean;
  /** Its variant's style (runs/variants.ts): the seeds of a variant share it, as on the charts. */
  style: RunStyle;
}

export const RunRow = memo(function RunRow({ runId, isBaseline, style }: Props) {
  const { client, builder, store } = useServices();
  const run = useWorkbench((s) => {
    const r = s.runs[runId]!; // rows are drawn from order, which lists the keys of runs
    return {
      name: r.record.name,
      label: r.record.label,
      status: r.record.status,
      backend: r.record.backend,
      reason: r.reason,
      phase: r.phase,
      metrics: r.metrics,
      steps: r.record.config.train.steps,
      hidden: s.view.hidden[runId] === true,
    };
  });
  const { status, name } = run;
  const progress = describeProgress(run.metrics, run.steps);
  const phase = describePhase(status, run.phase);
  const setHidden = (hidden: boolean) =>
    store.getState().setView({ hidden: { ...store.getState().view.hidden, [runId]: hidden } });
  const duplicate = () => {
    const r = store.getState().runs[runId]!;
    builder.getState().loadRunConfig(r.record.config, `${r.record.name} (copy)`);
    document.getElementById('builder-title')?.scrollIntoView();
    document.getElementById('preset')?.focus();
  };
  return (
    <tr data-run-id={runId} data-status={status}>
      <td>
        <LineSwatch style={style} />
      </td>
      <th scope="row">
        <span className="run-name">{name}</span>
        <span className="run-label">
          {isBaseline ? 'baseline' : run.label || 'base'}
        </span>
      </th>
      <td className="status-cell">
        <span className={`status status-${status}`}>{status}</span>
        {phase && <span className="phase"> {phase}</span>}
        {run.reason && (
          <span className="reason" title={run.reason}>
            {' '}
            {run.reason}
          </span>
        )}
      </td>
      <td>
        <progress max={run.steps} value={progress.step} aria-label={`${name} progress`} /> {progress.step}/{run.steps}
        {status === 'running' && progress.stepsPerSec !== null && (
          <span className="rate">
            {' '}
            {formatSignificant(progress.stepsPerSec)} steps/s · {formatDurationMs(progress.etaMs)} left
          </span>
        )}
      </td>
      <td>{run.backend}</td>
      <td>
        <input
          type="checkbox"
          aria-label={`Show ${name} in charts`}
          checked={!run.hidden}
          onChange={(e) => setHidden(!e.target.checked)}
        />
      </td>
      {/* Sticky at the right edge: however wide the status text, the actions stay on screen. */}
      <td className="actions-cell">
        <div className="actions">
        {CAN_PAUSE.includes(status) && (
          <button type="button" onClick={() => client.pause(runId)} aria-label={`Pause ${name}`}>
            Pause
          </button>
        )}
        {status === 'paused' && (
          <button type="button" onClick={() => void client.resume(runId)} aria-label={`Resume ${name}`}>
            Resume
          </button>
        )}
        {CAN_STOP.includes(status) && (
          <button type="button" onClick={() => client.stop(runId)} aria-label={`Stop ${name}`}>
            Stop
          </button>
        )}
        <button type="button" onClick={duplicate} aria-label={`Duplicate and edit ${name}`}>
          Duplicate
        </button>
        <button type="button" onClick={() => void client.remove(runId)} aria-label={`Delete ${name}`}>
          Delete
        </button>
        </div>
      </td>
    </tr>
  );
});
