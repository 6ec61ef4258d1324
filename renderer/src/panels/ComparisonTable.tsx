// The comparison table: one row per run, sortable by any column (buttons in the headers, aria-sort says how),
// each cell with its difference from the chosen baseline run.
import { useMemo, useState } from 'react';
import { mfuPeakLabel } from '../../../core/report';
import { useThrottledValue } from '../charts/use-throttled';
import { useServices, useWorkbench } from '../context';
import { buildComparisonRows, COLUMNS, describeDifference, sortRows, type SortKey } from './comparison';

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
  const base = rows.find((r) => r.id === baselineId) ?? rows.find((r) => r.label === '') ?? rows[0];
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
        Baseline run{' '}
        <select value={base?.id ?? ''} onChange={(e) => store.getState().setView({ baselineId: e.target.value })}>
          {rows.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
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
            {sorted.map((row) => (
              <tr key={row.id} className={row.id === base?.id ? 'baseline' : undefined}>
                <th scope="row">
                  {row.name}
                  <span className="run-label">{row.label || 'base'}</span>
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
                      {c.id === 'mfu' && row.mfuPeak && row.values.mfu !== null && (
                        <span className="peak-source" title={mfuPeakLabel(row.mfuPeak)}>
                          {' '}
                          ({row.mfuPeak})
                        </span>
                      )}
                      {diff && <span className="diff"> {diff}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
