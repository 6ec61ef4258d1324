// The hover readout of a chart: every visible run's value at the hovered x (the nearest logged point at or
// before it), smoothed and raw, so runs that log at different x are all shown.
import { readValuesAt, rawKey, smoothKey, type ChartRow } from './chart-rows';

export interface TooltipRun {
  id: string;
  name: string;
  colour: string;
}

interface Props {
  active?: boolean;
  label?: number | string;
  rows: ChartRow[];
  runs: TooltipRun[];
  smoothed: boolean;
  xTitle: string;
  format(n: number): string;
}

export function ChartTooltip({ active, label, rows, runs, smoothed, xTitle, format }: Props) {
  if (!active || label === undefined) return null;
  const x = Number(label);
  const keys = runs.flatMap((r) => [smoothKey(r.id), rawKey(r.id)]);
  const values = readValuesAt(rows, keys, x);
  return (
    <div className="chart-tooltip">
      <div className="tooltip-x">
        {xTitle} {Number.isInteger(x) ? x : x.toPrecision(4)}
      </div>
      <table>
        <tbody>
          {runs.map((r) => {
            const s = values[smoothKey(r.id)];
            const raw = values[rawKey(r.id)];
            return (
              <tr key={r.id}>
                <th scope="row">
                  <span className="swatch" style={{ background: r.colour }} /> {r.name}
                </th>
                <td>{s === undefined ? '—' : format(s)}</td>
                {smoothed && <td className="raw">{raw === undefined ? '' : `raw ${format(raw)}`}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
