// A chart's legend: every variant it can draw, by name with its seed count N, with its line (colour, dash, marker)
// as drawn, so no line needs hovering to be named. Click hides or shows a variant's runs (the Chart checkboxes);
// shift-click shows it alone. Hidden variants stay listed, struck through, so a click brings them back.
import type { RunStyle } from '../palette';

export interface LegendVariant {
  key: string;
  name: string;
  /** Seeds (runs) of the variant. */
  n: number;
  style: RunStyle;
  hidden: boolean;
}

export function LineSwatch({ style, marker = false }: { style: RunStyle; marker?: boolean }) {
  return (
    <svg className="line-swatch" width="28" height="10" aria-hidden="true">
      <line x1="0" y1="5" x2="28" y2="5" stroke={style.colour} strokeWidth="3" strokeDasharray={style.dash} />
      {marker && <circle cx="14" cy="5" r="3.5" fill={style.colour} />}
    </svg>
  );
}

interface Props {
  variants: LegendVariant[];
  markers: boolean;
  onToggle(key: string, isolate: boolean): void;
}

export function ChartLegend({ variants, markers, onToggle }: Props) {
  if (variants.length === 0) return null;
  return (
    <ul className="chart-legend" aria-label="Legend: click hides or shows, shift-click shows one alone">
      {variants.map((v) => (
        <li key={v.key} data-variant={v.key} data-colour={v.style.colour} data-n={v.n}>
          <button
            type="button"
            className={v.hidden ? 'legend-item legend-hidden' : 'legend-item'}
            aria-pressed={!v.hidden}
            title={`${v.hidden ? 'Show' : 'Hide'} ${v.name}; shift-click: show it alone`}
            onClick={(e) => onToggle(v.key, e.shiftKey)}
          >
            <LineSwatch style={v.style} marker={markers} />
            <span>{v.name}</span>
            {v.n > 1 && <span className="legend-n"> (N = {v.n})</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
