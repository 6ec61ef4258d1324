// The live charts and their view settings: x axis (step | tokens | wall time), smoothing, log-scale y, every seed
// drawn faintly, and the share of the run shown (the last x%, with the y axis fitted to it). They survive a reload
// (store/view-storage.ts).
import { useServices, useWorkbench } from '../context';
import { CHART_GROUPS, X_AXES, type XAxisKey } from './metrics';
import { MetricChart } from './MetricChart';

/** "Zoom to the last x%": a small effect late in training is invisible on the axis of the first steps' loss. */
const ZOOMS = [1, 0.5, 0.2, 0.1];

export function ChartPanel() {
  const { store } = useServices();
  const view = useWorkbench((s) => ({
    xAxis: s.view.xAxis,
    smoothing: s.view.smoothing,
    logY: s.view.logY,
    showSeeds: s.view.showSeeds,
    zoomLast: s.view.zoomLast,
  }));
  const setView = store.getState().setView;
  return (
    <section aria-labelledby="charts-title">
      <h2 id="charts-title">Charts</h2>
      <div className="chart-controls">
        <label>
          X axis{' '}
          <select value={view.xAxis} onChange={(e) => setView({ xAxis: e.target.value as XAxisKey })}>
            {X_AXES.map((a) => (
              <option key={a.key} value={a.key}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Smoothing{' '}
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={view.smoothing}
            onChange={(e) => setView({ smoothing: Number(e.target.value) })}
          />
          <output>{view.smoothing.toFixed(2)}</output>
        </label>
        <label>
          <input type="checkbox" checked={view.logY} onChange={(e) => setView({ logY: e.target.checked })} /> Log-scale
          y (losses)
        </label>
        <label>
          <input type="checkbox" checked={view.showSeeds} onChange={(e) => setView({ showSeeds: e.target.checked })} />{' '}
          Every seed (faint)
        </label>
        <label>
          Zoom to{' '}
          <select
            aria-label="Zoom to"
            value={view.zoomLast}
            onChange={(e) => setView({ zoomLast: Number(e.target.value) })}
          >
            {ZOOMS.map((z) => (
              <option key={z} value={z}>
                {z === 1 ? 'the whole run' : `the last ${z * 100}%`}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="chart-grid">
        {CHART_GROUPS.map((g) => (
          <MetricChart key={g.title} title={g.title} choices={g.choices} />
        ))}
      </div>
    </section>
  );
}
