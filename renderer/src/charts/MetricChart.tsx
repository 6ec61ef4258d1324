// One live chart of one metric (or a choice of metrics, e.g. memory), runs overlaid in their colours. It selects only
// the metric arrays of the runs it draws, redraws at most twice a second and not at all off screen, and downsamples
// for drawing, so many runs with many points never block the page.
import { memo, useMemo, useRef, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatSignificant } from '../../../core/report';
import { useWorkbench } from '../context';
import { pickRunColour, pickRunDash } from '../palette';
import { buildChartRows, rawKey, smoothKey, type Series } from './chart-rows';
import { ChartTooltip } from './ChartTooltip';
import { readX, X_AXES, type ChartMetric } from './metrics';
import { useInView, useThrottledValue } from './use-throttled';

const REDRAW_MS = 500;

export const MetricChart = memo(function MetricChart({ title, choices }: { title: string; choices: ChartMetric[] }) {
  const figureRef = useRef<HTMLElement>(null);
  const inView = useInView(figureRef);
  const [choiceId, setChoiceId] = useState(choices[0]!.id); // every chart has at least one metric
  const metric = choices.find((c) => c.id === choiceId) ?? choices[0]!;
  const order = useWorkbench((s) => s.order);
  const liveEntries = useWorkbench((s) => s.order.filter((id) => !s.view.hidden[id]).map((id) => s.runs[id]!)); // order lists the keys of runs
  const entries = useThrottledValue(liveEntries, REDRAW_MS, !inView);
  const { xAxis, smoothing, logY } = useWorkbench((s) => ({
    xAxis: s.view.xAxis,
    smoothing: s.view.smoothing,
    logY: s.view.logY,
  }));
  const smoothed = metric.isLoss && smoothing > 0;
  const useLog = logY && metric.isLoss;

  const drawnRuns = useMemo(
    () =>
      entries.map((e) => {
        const index = order.indexOf(e.record.id);
        return { id: e.record.id, name: e.record.name, colour: pickRunColour(index), dash: pickRunDash(index) };
      }),
    [entries, order],
  );
  const rows = useMemo(() => {
    const series: Series[] = entries.map((e) => ({
      key: e.record.id,
      points: e.metrics.flatMap((p) => {
        const y = metric.read(p);
        return y === undefined || (useLog && y <= 0) ? [] : [{ x: readX(p, xAxis), y }];
      }),
    }));
    return buildChartRows(series, smoothed ? smoothing : 0);
  }, [entries, metric, xAxis, smoothing, smoothed, useLog]);

  const chart = useMemo(() => {
    if (rows.length === 0) return <p className="chart-empty">No {metric.title.toLowerCase()} logged yet.</p>;
    const xTitle = X_AXES.find((a) => a.key === xAxis)?.label ?? xAxis;
    return (
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="#ddd" strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, 'auto']}
            tickFormatter={(v: number) => formatSignificant(v)}
            fontSize={11}
          />
          <YAxis
            scale={useLog ? 'log' : 'auto'}
            domain={useLog ? ['dataMin', 'dataMax'] : metric.isLoss ? ['auto', 'auto'] : [0, 'auto']}
            allowDataOverflow={useLog}
            tickFormatter={metric.format}
            width={64}
            fontSize={11}
          />
          <Tooltip
            isAnimationActive={false}
            content={({ active, label }) => (
              <ChartTooltip
                active={active}
                label={label as number}
                rows={rows}
                runs={drawnRuns}
                smoothed={smoothed}
                xTitle={xTitle}
                format={metric.format}
              />
            )}
          />
          {smoothed &&
            drawnRuns.map((r) => (
              <Line
                key={`raw-${r.id}`}
                dataKey={rawKey(r.id)}
                stroke={r.colour}
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
              stroke={r.colour}
              strokeWidth={2}
              strokeDasharray={r.dash}
              dot={false}
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
      </figcaption>
      {chart}
    </figure>
  );
});
