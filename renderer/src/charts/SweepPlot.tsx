// One sweep drawn in SVG from the report's layout (core/report/sweep-layout.ts), so screen and report agree: final
// val loss vs the swept key (a line per variant through its means, the 95% band, faint seed dots, diverged runs as
// crosses in the strip above), or parallel coordinates for two or more keys. Hovering a mark names it (SVG title).
import { layoutSweep, LOSS_TITLE, type CurveLayout, type ParallelLayout } from '../../../core/report/sweep-layout';
import type { SweepPlot as Plot } from '../../../core/report/sweep';
import type { RunStyle } from '../palette';

const WIDTH = 560;
const HEIGHT = 320;
const TEXT = { fontSize: 12, fill: '#333' };
const DIVERGED_COLOUR = '#b00020';

type StyleOf = (variant: number) => RunStyle;

function Cross({ x, y, colour }: { x: number; y: number; colour: string }) {
  const r = 4;
  return (
    <path
      d={`M${x - r} ${y - r}L${x + r} ${y + r}M${x - r} ${y + r}L${x + r} ${y - r}`}
      stroke={colour}
      strokeWidth={2}
    />
  );
}

function Curve({ l, styleOf }: { l: CurveLayout; styleOf: StyleOf }) {
  const { left, top, width, height } = l.plot;
  const bottom = top + height;
  return (
    <>
      {l.yTicks.map((t, i) => (
        <g key={i}>
          <line x1={left} y1={t.px} x2={left + width} y2={t.px} stroke="#e3e3e3" />
          <text x={left - 5} y={t.px + 4} textAnchor="end" {...TEXT}>
            {t.label}
          </text>
        </g>
      ))}
      {l.xTicks.map((t, i) => (
        <g key={i} className="sweep-x-tick">
          <line x1={t.px} y1={bottom} x2={t.px} y2={bottom + 4} stroke="#888" />
          <text x={t.px} y={bottom + 17} textAnchor="middle" {...TEXT}>
            {t.label}
          </text>
        </g>
      ))}
      <rect x={left} y={l.divergedY - 10} width={width} height={20} fill="#fbeff1" />
      <text x={left - 5} y={l.divergedY + 4} textAnchor="end" {...TEXT} fill={DIVERGED_COLOUR}>
        diverged
      </text>
      <line x1={left} y1={bottom} x2={left + width} y2={bottom} stroke="#888" />
      <line x1={left} y1={top} x2={left} y2={bottom} stroke="#888" />
      <text x={left + width / 2} y={bottom + 36} textAnchor="middle" {...TEXT}>
        {l.xTitle}
      </text>
      <text transform={`translate(14 ${top + height / 2}) rotate(-90)`} textAnchor="middle" {...TEXT}>
        {LOSS_TITLE}
      </text>
      {l.bands.map((b) => (
        <path
          key={`band${b.variant}`}
          className="sweep-band"
          d={b.d}
          fill={styleOf(b.variant).colour}
          fillOpacity={0.18}
        />
      ))}
      {l.seeds.map((s, i) => (
        <circle key={`seed${i}`} cx={s.x} cy={s.y} r={2.2} fill={styleOf(s.variant).colour} fillOpacity={0.45}>
          <title>{s.title}</title>
        </circle>
      ))}
      {l.lines.map((line) => (
        <path
          key={`line${line.variant}`}
          className="sweep-line"
          d={line.d}
          fill="none"
          stroke={styleOf(line.variant).colour}
          strokeDasharray={styleOf(line.variant).dash}
          strokeWidth={2}
        />
      ))}
      {l.means.map((m, i) => (
        <circle key={`mean${i}`} className="sweep-mean" cx={m.x} cy={m.y} r={3.5} fill={styleOf(m.variant).colour}>
          <title>{m.title}</title>
        </circle>
      ))}
      {l.diverged.map((d, i) => (
        <g key={`div${i}`} className="sweep-diverged">
          <title>{d.title}</title>
          <Cross x={d.x} y={d.y} colour={styleOf(d.variant).colour} />
          {d.count > 1 && (
            <text x={d.x + 6} y={d.y + 4} {...TEXT}>
              {d.count}
            </text>
          )}
        </g>
      ))}
    </>
  );
}

/** Labels over the lines: a white halo keeps them readable where lines cross. */
const HALO = { stroke: '#fff', strokeWidth: 3, paintOrder: 'stroke' } as const;

function Parallel({ l, styleOf }: { l: ParallelLayout; styleOf: StyleOf }) {
  const lossX = l.axes.at(-1)!.x; // the loss axis is always there
  return (
    <>
      {l.axes.map((a) => (
        <line key={a.title} x1={a.x} y1={l.top} x2={a.x} y2={l.bottom} stroke="#888" />
      ))}
      {l.lines.map((line, i) => (
        <path
          key={i}
          className="sweep-run"
          d={line.d}
          fill="none"
          stroke={styleOf(line.variant).colour}
          strokeOpacity={0.75}
          strokeWidth={1.5}
          strokeDasharray={line.diverged ? '4 3' : styleOf(line.variant).dash}
        >
          <title>{line.title}</title>
        </path>
      ))}
      {l.axes.map((a) => (
        <g key={a.title} className="sweep-axis">
          {a.ticks.map((t, i) => (
            <text
              key={i}
              x={a.x + (a.labelSide === 'left' ? -5 : 5)}
              y={t.px + 4}
              textAnchor={a.labelSide === 'left' ? 'end' : 'start'}
              {...TEXT}
              {...HALO}
            >
              {t.label}
            </text>
          ))}
          <text x={a.x} y={l.bottom + 20} textAnchor="middle" {...TEXT}>
            {a.title}
          </text>
        </g>
      ))}
      <text x={lossX + 5} y={l.divergedY + 4} {...TEXT} {...HALO} fill={DIVERGED_COLOUR}>
        diverged
      </text>
    </>
  );
}

export function SweepPlot({ plot, styleOf, label }: { plot: Plot; styleOf: StyleOf; label: string }) {
  const layout = layoutSweep(plot, WIDTH, HEIGHT);
  return (
    <svg className="sweep-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} data-kind={layout.kind}>
      {layout.kind === 'curve' ? <Curve l={layout} styleOf={styleOf} /> : <Parallel l={layout} styleOf={styleOf} />}
    </svg>
  );
}
