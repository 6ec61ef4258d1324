// "Benchmark these variants" for one experiment (docs/workbench.md, Speed): times its variants interleaved in a worker
// (core/bench/speeds.ts, `run`'s method), with progress and Stop, then a table of each variant's tokens/s and its
// ratio to the base, kept across reloads. The experiment's verdict cards judge speed on these numbers only.
import { useState } from 'react';
import { MAX_BENCH_STEPS } from '../../../core/runs/protocol';
import { useServices, useWorkbench } from '../context';
import { describeBench, planBench } from './bench-plan';
import type { BenchRecord } from '../store/types';
import type { WorkbenchState } from '../store/workbench-store';

/** Timed steps per variant by default: 4 rounds of 4, seconds for the presets' sizes. */
export const DEFAULT_BENCH_STEPS = 16;

/** Runs that hold a worker (training, starting, waiting or paused there): a bench beside them would time a busy
 *  machine, so the pool refuses it (core/runs/pool.ts) and the button says why. */
const countBusyRuns = (s: WorkbenchState) =>
  s.order.filter((id) => {
    const r = s.runs[id]!; // order lists the keys of runs
    return r.attached && ['queued', 'running', 'paused'].includes(r.record.status);
  }).length;

function BenchTable({ record, experiment }: { record: BenchRecord; experiment: string }) {
  const table = describeBench(record, experiment);
  return (
    <table className="bench-table" aria-label={`Interleaved speeds of ${experiment}`}>
      <caption>{table.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Variant</th>
          <th scope="col">Training tokens/s: median [IQR]</th>
          <th
            scope="col"
            title="the geometric mean of the round-by-round ratios, so it need not equal the ratio of the medians"
          >
            Ratio to the base, paired by round [95% interval]
          </th>
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.variant}</th>
            <td>{r.tokensPerSec}</td>
            <td>{r.ratio}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function BenchPanel({ groupId, experiment }: { groupId: string; experiment: string }) {
  const { store, client } = useServices();
  const record = useWorkbench((s) => s.benches[groupId]);
  const job = useWorkbench((s) => (s.bench?.experimentId === groupId ? s.bench : null));
  const otherBench = useWorkbench((s) => s.bench?.running === true && s.bench.experimentId !== groupId);
  const busyRuns = useWorkbench(countBusyRuns);
  const hasBackend = useWorkbench((s) => s.backend !== null);
  const [stepsText, setStepsText] = useState(String(DEFAULT_BENCH_STEPS));
  const steps = Number(stepsText);
  const stepsOk = Number.isInteger(steps) && steps >= 2 && steps <= MAX_BENCH_STEPS;
  const blocker = !hasBackend
    ? 'The bench waits for the backend to start.'
    : otherBench
      ? 'Another experiment is being benchmarked.'
      : busyRuns > 0
        ? `The bench waits until no run trains: ${busyRuns} run(s) are training, queued or paused on the workers, ` +
          'and a bench beside them would time a busy machine.'
        : !stepsOk
          ? `Steps per variant: a whole number from 2 to ${MAX_BENCH_STEPS}.`
          : null;
  const running = job?.running === true;
  const start = () => {
    const { order, runs } = store.getState();
    client.bench(
      groupId,
      planBench(
        order.map((id) => runs[id]!),
        groupId,
      ),
      steps,
    ); // order lists the keys of runs
  };
  return (
    <section className="bench-panel" aria-label={`Speed bench of ${experiment}`}>
      <div className="bench-actions">
        <button type="button" disabled={running || blocker !== null} onClick={start}>
          Benchmark these variants
        </button>
        <label>
          {' '}
          steps per variant{' '}
          <input
            type="number"
            min={2}
            max={MAX_BENCH_STEPS}
            value={stepsText}
            disabled={running}
            onChange={(e) => setStepsText(e.target.value)}
          />
        </label>
        {running && (
          <>
            {' '}
            <progress value={job.fraction} max={1} aria-label={`Bench of ${experiment} progress`} />{' '}
            <span className="bench-line">{job.line}</span>{' '}
            <button type="button" onClick={() => client.stopBench()}>
              Stop bench
            </button>
          </>
        )}
      </div>
      {!running && blocker !== null && <p className="hint">{blocker}</p>}
      <p className="hint">
        Times each variant a few steps at a time in turn, in one worker, so their speeds compare (runs trained one after
        another do not). It starts only while no run trains; runs queued meanwhile wait for it.
      </p>
      {job?.error && (
        <p className="bench-error" role="alert">
          {job.error}
        </p>
      )}
      {record && <BenchTable record={record} experiment={experiment} />}
    </section>
  );
}
