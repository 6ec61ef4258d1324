// The experiments' sweeps (docs/workbench.md, Sweeps): final validation loss vs the swept key per variant (the
// LR-sensitivity plot), or parallel coordinates over several swept keys; a panel per ladder rung. Finished runs only:
// a loss still falling is no point of the curve. Hidden while no experiment sweeps a key.
import { useMemo } from 'react';
import { LineSwatch } from '../charts/ChartLegend';
import { SweepPlot } from '../charts/SweepPlot';
import { useThrottledValue } from '../charts/use-throttled';
import { useWorkbench } from '../context';
import { planSweepPlots, type SweepPanelPlot } from './sweeps';

function SweepFigure({ p }: { p: SweepPanelPlot }) {
  const { plot } = p;
  const diverged = plot.runs.filter((r) => r.diverged).length;
  const curve = plot.axes.length === 1;
  return (
    <figure className="chart sweep" aria-label={`${p.experiment}: ${p.title}`} data-runs={plot.runs.length}>
      <figcaption>
        {p.title}
        <span className="chart-note">
          {curve ? ' · mean over seeds, band: 95% interval, dots: seeds' : ' · a line per run'}
          {diverged > 0 && ` · ${diverged} diverged (${curve ? '×' : 'dashed'}, at the top)`}
          {plot.leftOut > 0 && ` · ${plot.leftOut} unfinished not shown`}
        </span>
      </figcaption>
      <SweepPlot plot={plot} styleOf={(k) => p.styles[k]!} label={`${p.title}, ${p.experiment}`} />
      <ul className="chart-legend" aria-label="Variants">
        {p.names.map((name, k) => (
          <li key={k} data-colour={p.styles[k]!.colour} data-n={plot.variants[k]!.seeds}>
            <LineSwatch style={p.styles[k]!} marker={curve} />
            <span>{name}</span>
            <span className="legend-n"> (N = {plot.variants[k]!.seeds})</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function SweepPanel() {
  const entries = useThrottledValue(
    useWorkbench((s) => s.order.map((id) => s.runs[id]!)), // order lists the keys of runs
    1000,
  );
  const plots = useMemo(() => planSweepPlots(entries), [entries]);
  if (plots.length === 0) return null;
  return (
    <section aria-labelledby="sweeps-title">
      <h2 id="sweeps-title">Sweeps</h2>
      <div className="chart-grid sweep-grid">
        {plots.map((p) => (
          <SweepFigure key={p.key} p={p} />
        ))}
      </div>
    </section>
  );
}
