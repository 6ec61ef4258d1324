// A chart's legend: every run it draws, by name, with its line (colour, dash, marker) as drawn, so no run needs
// hovering to be named.
import type { RunStyle } from '../palette';

export interface LegendRun {
  id: string;
  name: string;
  style: RunStyle;
}

export function LineSwatch({ style, marker = false }: { style: RunStyle; marker?: boolean }) {
  return (
    <svg className="line-swatch" width="28" height="10" aria-hidden="true">
      <line x1="0" y1="5" x2="28" y2="5" stroke={style.colour} strokeWidth="3" strokeDasharray={style.dash} />
      {marker && <circle cx="14" cy="5" r="3.5" fill={style.colour} />}
    </svg>
  );
}

export function ChartLegend({ runs, markers }: { runs: LegendRun[]; markers: boolean }) {
  if (runs.length === 0) return null;
  return (
    <ul className="chart-legend" aria-label="Legend">
      {runs.map((r) => (
        <li key={r.id} data-run-id={r.id} data-colour={r.style.colour}>
          <LineSwatch style={r.style} marker={markers} />
          <span>{r.name}</span>
        </li>
      ))}
    </ul>
  );
}
