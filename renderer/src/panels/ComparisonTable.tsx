// The comparison table: one row per run, sortable by any column (buttons in the headers, aria-sort says how),
// each cell with its difference from its baseline: its own experiment's base, or one run chosen for all.
import { useMemo, useState } from 'react';
import { mfuPeakLabel } from '../../../core/report';
import { useThrottledValue } from '../charts/use-throttled';
import { useServices, useWorkbench } from '../context';
import { findBaselines, nameInExperiment } from '../runs/groups';
import {
  buildComparisonRows,
  COLUMNS,
  describeDifference,
  sortRows,
  type ComparisonRow,
  type SortKey,
} from './comparison';
import { VariantTable } from './VariantTable';

export function ComparisonTable() {
  const { store } = useServices();
  // Figures change with every logged step; once a second is plenty for a table.
  const runs = useThrottledValue(
    useWorkbench((s) => s.order.map((id) => s.runs[id]!)), // order lists the keys of runs
    1000,
  );
  const baselineId = useWorkbench((s) => s.view.baselineId);
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: 'name', ascending: true });
  const rows = useMemo(() => buildComparisonRows(runs.map((r) => ({ record: r.record, metrics: r.metrics }))), [runs]);
  const sorted = useMemo(() => sortRows(rows, sort.key, sort.ascending), [rows, sort]);
  const baselines = useMemo(() => findBaselines(runs, baselineId), [runs, baselineId]);
  const byId = useMemo(() => new Map(rows.map((r) => [r.id, r])), [rows]);
  // One peak behind every MFU (the usual case) is said once, under the table; mixed peaks are said per run.
  const peaks = new Set(rows.flatMap((r) => (r.mfuPeak && r.values.mfu !== null ? [r.mfuPeak] : [])));
  const onePeak = peaks.size === 1 ? [...peaks][0]! : null;
  const experiments = useMemo(() => new Map(runs.map((r) => [r.record.id, r.experiment])), [runs]);
  // Inside one experiment its name is every run's prefix: "vs mqa · seed 1", not the whole name again.
  const baseName = (id: string, base: ComparisonRow | undefined) => {
    if (!base) return '—';
    const own = experiments.get(id);
    return own && own.id === experiments.get(base.id)?.id ? nameInExperiment(base.name, own.name) : base.name;
  };
  const header = (key: SortKey, title: string) => (
    <th scope="col" key={key} aria-sort={sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="sort"
        onClick={() => setSort({ key, ascending: sort.key === key ? !sort.ascending : true })}
      >
        {title}
        {sort.key === key ? (sort.ascending ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">Comparison</h2>
      <label>
        Baseline{' '}
        <select
          value={baselineId ?? ''}
          onChange={(e) => store.getState().setView({ baselineId: e.target.value || null })}
        >
          <option value="">each experiment’s base</option>
          {rows.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <VariantTable />
      <div className="table-wrap">
        <table className="comparison" aria-label="Comparison">
          <thead>
            <tr>
              {header('name', 'Run')}
              <th scope="col">Status</th>
              {COLUMNS.map((c) => header(c.id, c.title))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((row) => {
              const base = byId.get(baselines.get(row.id) ?? '');
              return (
                <tr key={row.id} className={row.id === base?.id ? 'baseline' : undefined}>
                  <th scope="row">
                    {row.name}
                    <span className="run-label">
                      {row.id === base?.id ? 'baseline' : `vs ${baseName(row.id, base)}`}
                    </span>
                  </th>
                  <td>{row.status}</td>
                  {COLUMNS.map((c) => {
                    const diff =
                      row.id === base?.id
                        ? ''
                        : describeDifference(c, row.values[c.id] ?? null, base?.values[c.id] ?? null);
                    return (
                      <td key={c.id}>
                        {c.format(row.values[c.id] ?? null)}
                        {c.id === 'mfu' && !onePeak && row.mfuPeak && row.values.mfu !== null && (
                          <span className="peak-source" title={mfuPeakLabel(row.mfuPeak)}>
                            {row.mfuPeak}
                          </span>
                        )}
                        {c.id === 'tokensPerSec' && row.overlappedWith.length > 0 && (
                          <span
                            className="overlapped"
                            title={`trained beside ${row.overlappedWith.join(', ')}: not a solo figure`}
                          >
                            {' '}
                            (overlapped)
                          </span>
                        )}
                        {diff && <span className="diff"> {diff}</span>}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.some((r) => r.overlappedWith.length > 0) && (
        <p className="hint">
          Runs marked (overlapped) trained beside others (parallel runs): their speed figures shared the machine, so
          they are not solo figures.
        </p>
      )}
      {onePeak && (
        <p className="hint">
          {onePeak === 'calibrated'
            ? 'MFU is against the calibrated matmul peak of each run’s backend.'
            : 'MFU is against the nominal peak set in train.peakTflops.'}
        </p>
      )}
    </section>
  );
}
