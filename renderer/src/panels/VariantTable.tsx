// The comparison per variant: one row per variant with each figure's mean ± sd over its seeds and N, expandable to
// its seeds' rows. Shown when some variant has several seeds (a single run's row is in the table below).
import { Fragment, useMemo, useState } from 'react';
import { useThrottledValue } from '../charts/use-throttled';
import { useWorkbench } from '../context';
import { LineSwatch } from '../charts/ChartLegend';
import { groupVariants } from '../runs/variants';
import { buildComparisonRows, COLUMNS } from './comparison';
import { buildVariantRows } from './variant-rows';

export function VariantTable() {
  const entries = useThrottledValue(
    useWorkbench((s) => s.order.map((id) => s.runs[id]!)), // order lists the keys of runs
    1000,
  );
  const rows = useMemo(() => {
    const runRows = buildComparisonRows(entries.map((e) => ({ record: e.record, metrics: e.metrics })));
    return buildVariantRows(runRows, groupVariants(entries));
  }, [entries]);
  const [open, setOpen] = useState<Record<string, boolean>>({});
  if (rows.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="comparison variants" aria-label="Variants: mean ± sd over seeds">
        <thead>
          <tr>
            <th scope="col">Variant (mean ± sd over seeds)</th>
            <th scope="col">N</th>
            {COLUMNS.map((c) => (
              <th scope="col" key={c.id}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <Fragment key={v.key}>
              <tr className="variant-row" data-variant={v.key}>
                <th scope="row">
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={open[v.key] === true}
                    onClick={() => setOpen({ ...open, [v.key]: !open[v.key] })}
                  >
                    {open[v.key] ? '▾' : '▸'}
                  </button>
                  <LineSwatch style={{ colour: v.colour }} /> {v.name}
                </th>
                <td>{v.n}</td>
                {COLUMNS.map((c) => {
                  const x = v.values[c.id];
                  return (
                    <td key={c.id}>
                      {x ? c.format(x.mean) : c.format(null)}
                      {/* A figure every seed shares (sizes) has no spread worth a "± 0". */}
                      {x?.sd ? <span className="diff"> ± {c.format(x.sd)}</span> : null}
                    </td>
                  );
                })}
              </tr>
              {open[v.key] &&
                v.seeds.map((s) => (
                  <tr key={s.id} className="seed-row">
                    <th scope="row" className="seed-name">
                      {s.name}
                    </th>
                    <td />
                    {COLUMNS.map((c) => (
                      <td key={c.id}>{c.format(s.values[c.id] ?? null)}</td>
                    ))}
                  </tr>
                ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
