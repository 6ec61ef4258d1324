// One live chart of one metric (or a choice of metrics, e.g. memory), runs overlaid in their own colours, with a
// legend, axis titles with units and 1-2-5 ticks. It selects only the runs it draws, redraws at most twice a second
// and not at all off screen, and downsamples for drawing, so many runs with many points never block the page.
import { memo, useMemo, useRef, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useWorkbench } from '../context';
import { readRunStyle } from '../palette';
import { buildAxis, findRowsExtent } from './chart-axes';
import { buildChartRows, rawKey, smoothKey, type Series } from './chart-rows';
import { ChartLegend } from './ChartLegend';
import { ChartTooltip } from './ChartTooltip';
import { describeMfuPeak, readX, X_AXES, type ChartMetric } from './metrics';
import { useInView, useThrottledValue } from './use-throttled';

const REDRAW_MS = 500;
const TICK_STYLE = { fontSize: 11, fill: '#444' };

export const MetricChart = memo(function MetricChart({ title, choices }: { title: string; choices: ChartMetric[] }) {
  const figureRef = useRef<HTMLElement>(null);
  const inView = useInView(figureRef);
  const [choiceId, setChoiceId] = useState(choices[0]!.id); // every chart has at least one metric
  const metric = choices.find((c) => c.id === choiceId) ?? choices[0]!;
  // order lists the keys of runs
  const liveEntries = useWorkbench((s) => s.order.filter((id) => !s.view.hidden[id]).map((id) => s.runs[id]!));
  const entries = useThrottledValue(liveEntries, REDRAW_MS, !inView);
  const { xAxis, smoothing, logY } = useWorkbench((s) => ({
    xAxis: s.view.xAxis,
    smoothing: s.view.smoothing,
    logY: s.view.logY,
  }));
  const smoothed = metric.smoothable && smoothing > 0;
  const useLog = logY && metric.isLoss;

  const drawnRuns = useMemo(
    () => entries.map((e) => ({ id: e.record.id, name: e.record.name, style: readRunStyle(e) })),
    [entries],
  );
  const rows = useMemo(() => {
    const series: Series[] = entries.map((e) => ({
      key: e.record.id,
      points: e.metrics.flatMap((p) => {
        const y = metric.read(p);
        return y === undefined || !Number.isFinite(y) || (useLog && y <= 0) ? [] : [{ x: readX(p, xAxis), y }];
      }),
    }));
    return buildChartRows(series, smoothed ? smoothing : 0);
  }, [entries, metric, xAxis, smoothing, smoothed, useLog]);

  const chart = useMemo(() => {
    const extent = findRowsExtent(rows);
    if (!extent) return <p className="chart-empty">No {metric.title.toLowerCase()} logged yet.</p>;
    const xChoice = X_AXES.find((a) => a.key === xAxis) ?? X_AXES[0]!;
    const xs = rows.map((r) => r.x);
    const x = buildAxis(
      { title: xChoice.title, unitKind: xChoice.unitKind, fromZero: true, maxTicks: 7 },
      0,
      Math.max(...xs),
    );
    const y = buildAxis(
      {
        title: metric.title,
        unitKind: metric.unitKind,
        baseUnit: metric.baseUnit,
        log: useLog,
        fromZero: !metric.isLoss,
        headroom: !metric.isLoss,
      },
      extent.min,
      extent.max,
    );
    return (
      <ResponsiveContainer width="100%" height={210}>
        <LineChart data={rows} margin={{ top: 6, right: 14, bottom: 18, left: 6 }}>
          <CartesianGrid stroke="#e3e3e3" />
          <XAxis
            dataKey="x"
            type="number"
            domain={x.domain}
            ticks={x.ticks}
            allowDataOverflow
            tickFormatter={x.formatTick}
            tick={TICK_STYLE}
            label={{ value: x.title, position: 'insideBottom', offset: -12, fontSize: 12, fill: '#333' }}
          />
          <YAxis
            scale={useLog ? 'log' : 'linear'}
            domain={y.domain}
            ticks={y.ticks}
            allowDataOverflow
            tickFormatter={y.formatTick}
            tick={TICK_STYLE}
            width={62}
            label={{
              value: y.title,
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              fontSize: 12,
              fill: '#333',
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip
            isAnimationActive={false}
            content={({ active, label }) => (
              <ChartTooltip
                active={active}
                label={label as number}
                rows={rows}
                runs={drawnRuns.map((r) => ({ id: r.id, name: r.name, colour: r.style.colour }))}
                smoothed={smoothed}
                xTitle={x.title}
                format={metric.format}
              />
            )}
          />
          {smoothed &&
            drawnRuns.map((r) => (
              <Line
                key={`raw-${r.id}`}
                dataKey={rawKey(r.id)}
                stroke={r.style.colour}
                strokeOpacity={0.22}
                strokeWidth={1}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
                connectNulls
                legendType="none"
                className="raw-line"
              />
            ))}
          {drawnRuns.map((r) => (
            <Line
              key={`smooth-${r.id}`}
              name={r.name}
              dataKey={smoothKey(r.id)}
              stroke={r.style.colour}
              strokeWidth={2}
              strokeDasharray={r.style.dash}
              dot={metric.markers ? { r: 3, fill: r.style.colour, strokeWidth: 0 } : false}
              isAnimationActive={false}
              connectNulls
              className={`run-line run-line-${r.id}`}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    );
  }, [rows, drawnRuns, metric, xAxis, smoothed, useLog]);

  return (
    <figure ref={figureRef} className="chart" aria-label={`${title} chart`} data-rows={rows.length}>
      <figcaption>
        {choices.length === 1 ? (
          title
        ) : (
          <label>
            {title}{' '}
            <select value={metric.id} onChange={(e) => setChoiceId(e.target.value)}>
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
        )}
        {smoothed && <span className="chart-note"> · smoothed (faint: raw)</span>}
        {metric.markers && <span className="chart-note"> · as evaluated</span>}
        {metric.id === 'mfu' && entries.length > 0 && (
          <span className="chart-note"> · {describeMfuPeak(entries.map((e) => e.record.config.train.peakTflops))}</span>
        )}
      </figcaption>
      {chart}
      <ChartLegend runs={drawnRuns} markers={metric.markers} />
    </figure>
  );
});
