// One run in the queue: its colour, name, how it differs from its base, status and progress, and the actions its
// status allows (each button names its run, for screen readers and keyboard users).
import { memo } from 'react';
import type { RunStatus } from '../../../core/record';
import { useServices, useWorkbench } from '../context';
import { pickRunColour, pickRunDash } from '../palette';

// The worker pauses only the run it is training; a queued or starting run can be stopped (it ends as stopped).
const CAN_PAUSE: RunStatus[] = ['running'];
const CAN_STOP: RunStatus[] = ['running', 'queued', 'paused'];
const LIVE: RunStatus[] = ['running', 'queued', 'paused'];

export const RunRow = memo(function RunRow({ runId, index }: { runId: string; index: number }) {
  const { client, builder, store } = useServices();
  const run = useWorkbench((s) => {
    const r = s.runs[runId]!; // rows are drawn from order, which lists the keys of runs
    return { name: r.record.name, label: r.record.label, status: r.record.status, backend: r.record.backend, reason: r.reason, phase: r.phase,
      step: r.metrics.at(-1)?.step ?? 0, steps: r.record.config.train.steps, hidden: s.view.hidden[runId] === true };
  });
  const { status, name } = run;
  const setHidden = (hidden: boolean) => store.getState().setView({ hidden: { ...store.getState().view.hidden, [runId]: hidden } });
  const duplicate = () => {
    const r = store.getState().runs[runId]!;
    builder.getState().loadRunConfig(r.record.config, `${r.record.name} (copy)`);
    document.getElementById('builder-title')?.scrollIntoView();
    document.getElementById('preset')?.focus();
  };
  return (
    <tr data-run-id={runId} data-status={status}>
      <td>
        <svg width="28" height="10" aria-hidden="true">
          <line x1="0" y1="5" x2="28" y2="5" stroke={pickRunColour(index)} strokeWidth="3" strokeDasharray={pickRunDash(index)} />
        </svg>
      </td>
      <th scope="row">
        <span className="run-name">{name}</span>
        <span className="run-label">{run.label || 'base'}</span>
      </th>
      <td><span className={`status status-${status}`}>{status}</span>{run.reason && <span className="reason" title={run.reason}> {run.reason}</span>}{run.phase && LIVE.includes(status) && <span className="phase"> {run.phase}</span>}</td>
      <td>
        <progress max={run.steps} value={run.step} aria-label={`${name} progress`} /> {run.step}/{run.steps}
      </td>
      <td>{run.backend}</td>
      <td>
        <input type="checkbox" aria-label={`Show ${name} in charts`} checked={!run.hidden} onChange={(e) => setHidden(!e.target.checked)} />
      </td>
      <td className="actions">
        {CAN_PAUSE.includes(status) && <button type="button" onClick={() => client.pause(runId)} aria-label={`Pause ${name}`}>Pause</button>}
        {status === 'paused' && <button type="button" onClick={() => void client.resume(runId)} aria-label={`Resume ${name}`}>Resume</button>}
        {CAN_STOP.includes(status) && <button type="button" onClick={() => client.stop(runId)} aria-label={`Stop ${name}`}>Stop</button>}
        <button type="button" onClick={duplicate} aria-label={`Duplicate and edit ${name}`}>Duplicate</button>
        <button type="button" onClick={() => void client.remove(runId)} aria-label={`Delete ${name}`}>Delete</button>
      </td>
    </tr>
  );
});
