// One live chart of one metric (or a choice of metrics, e.g. memory): one line per variant (the mean over its
// seeds) with its 95% band, in the variant's colour, each seed faintly behind when asked; a legend that hides
// (click) or isolates (shift-click) a variant; axis titles with units and 1-2-5 ticks; "zoom to the last x%" and
// drag-to-zoom (drag across the plot to select an x-range, "Reset zoom" to undo), with a y axis fitted to what is shown. It selects only the runs it draws, redraws at most twice a second and not at all
// off screen, and downsamples for drawing, so many runs with many points never block the page.
import { memo, useMemo, useRef, useState } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useServices, useWorkbench } from '../context';
import type { MetricPoint } from '../../../core/record';
import { mfuReader } from '../runs/peak';
import { groupVariants, toggleVariant } from '../runs/variants';
import type { RunEntry } from '../store/types';
import { buildAxis, findRowsExtent } from './chart-axes';
import { buildChartRows, rawKey, smoothKey, type ChartRow } from './chart-rows';
import { ChartLegend, type LegendVariant } from './ChartLegend';
import { ChartTooltip } from './ChartTooltip';
import { describeMfuPeak, readX, X_AXES, type ChartMetric } from './metrics';
import { useInView, useThrottledValue } from './use-throttled';
import { bandHiKey, bandLoKey, buildVariantSeries, seedKey, type VariantInput } from './variant-series';
import { dragRange, shownXRange, zoomRows, type XRange } from './zoom';

const REDRAW_MS = 500;
const TICK_STYLE = { fontSize: 12, fill: '#333' };

export const MetricChart = memo(function MetricChart({ title, choices }: { title: string; choices: ChartMetric[] }) {
  const { store } = useServices();
  const figureRef = useRef<HTMLElement>(null);
  const inView = useInView(figureRef);
  const [choiceId, setChoiceId] = useState(choices[0]!.id); // every chart has at least one metric
  const metric = choices.find((c) => c.id === choiceId) ?? choices[0]!;
  const liveEntries = useWorkbench((s) => s.order.map((id) => s.runs[id]!)); // order lists the keys of runs
  const entries = useThrottledValue(liveEntries, REDRAW_MS, !inView);
  const { xAxis, smoothing, logY, showSeeds, zoomLast, hidden } = useWorkbench((s) => ({
    xAxis: s.view.xAxis,
    smoothing: s.view.smoothing,
    logY: s.view.logY,
    showSeeds: s.view.showSeeds,
    zoomLast: s.view.zoomLast,
    hidden: s.view.hidden,
  }));
  const smoothed = metric.smoothable && smoothing > 0;
  const useLog = logY && metric.isLoss;

  const variants = useMemo(() => groupVariants(entries), [entries]);
  const legend: LegendVariant[] = useMemo(
    () =>
      variants.map((v) => ({
        key: v.key,
        name: v.name,
        n: v.runIds.length,
        style: v.style,
        hidden: v.runIds.every((id) => hidden[id]),
      })),
    [variants, hidden],
  );
  const drawn = useMemo(() => legend.filter((v) => !v.hidden), [legend]);
  // Each variant's line carries its runs' ids as classes (run-line-<id>): a single run's line is found by its id.
  const variantRunClasses = useMemo(
    () => new Map(variants.map((v) => [v.key, v.runIds.map((id) => `run-line-${id}`).join(' ')])),
    [variants],
  );
  const backend = useWorkbench((s) => s.backend);
  const allRows = useMemo(() => {
    const byId = new Map(entries.map((e) => [e.record.id, e]));
    // MFU against the kept peak, raised to the run's fastest FLOP/s: never above 100% (runs/peak.ts).
    const readers = new Map<string, (p: MetricPoint) => number | undefined>();
    const read = (e: RunEntry, p: MetricPoint) => {
      if (metric.id !== 'mfu') return metric.read(p);
      if (!readers.has(e.record.id)) readers.set(e.record.id, mfuReader(e, backend));
      return readers.get(e.record.id)!(p); // set just above
    };
    const inputs: VariantInput[] = variants.flatMap((v) => {
      const seeds = v.runIds
        .filter((id) => !hidden[id])
        .map((id) => ({
          id,
          points: byId.get(id)!.metrics.flatMap((p) => {
            const y = read(byId.get(id)!, p); // a variant's runs are entries
            return y === undefined || !Number.isFinite(y) || (useLog && y <= 0)
              ? []
              : [{ at: p.step, x: readX(p, xAxis), y }];
          }),
        }));
      return seeds.length ? [{ key: v.key, seeds }] : [];
    });
    return buildChartRows(buildVariantSeries(inputs, smoothed ? smoothing : 0, showSeeds), 0);
  }, [entries, variants, hidden, metric, xAxis, smoothing, smoothed, useLog, showSeeds, backend]);
  // The dragged x-range belongs to the "last x%" it was dragged in: changing that control drops it.
  const [dragZoom, setDragZoom] = useState<{ range: XRange; zoomLast: number } | null>(null);
  const range = dragZoom?.zoomLast === zoomLast ? dragZoom.range : null;
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const rows = useMemo(() => zoomRows(allRows, zoomLast, range), [allRows, zoomLast, range]);
  // Each shown seed of a variant with several, in the variant's colour.
  const seedLines = useMemo(
    () =>
      showSeeds
        ? variants.flatMap((v) =>
            v.runIds.length > 1
              ? v.runIds.filter((id) => !hidden[id]).map((id) => ({ id, colour: v.style.colour }))
              : [],
          )
        : [],
    [showSeeds, variants, hidden],
  );

  const chart = useMemo(() => {
    const extent = findRowsExtent(rows);
    if (!extent) return <p className="chart-empty">No {metric.title.toLowerCase()} logged yet.</p>;
    const xChoice = X_AXES.find((a) => a.key === xAxis) ?? X_AXES[0]!;
    const span = shownXRange(rows, range)!; // rows hold a point (extent above)
    const zoomed = zoomLast < 1 || range !== null;
    const x = buildAxis(
      { title: xChoice.title, unitKind: xChoice.unitKind, fromZero: !zoomed, maxTicks: 7 },
      zoomed ? span.from : 0,
      span.to,
    );
    const labelX = (label: number | string | undefined) => (label === undefined ? undefined : Number(label));
    const y = buildAxis(
      {
        title: metric.title,
        unitKind: metric.unitKind,
        baseUnit: metric.baseUnit,
        log: useLog,
        fromZero: !metric.isLoss && !zoomed,
        headroom: !metric.isLoss,
      },
      extent.min,
      extent.max,
    );
    return (
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart
          data={rows}
          margin={{ top: 6, right: 14, bottom: 18, left: 6 }}
          onMouseDown={(state) => {
            const at = labelX(state.activeLabel);
            if (at !== undefined) setDrag({ start: at, end: at });
          }}
          onMouseMove={(state) => {
            const at = labelX(state.activeLabel);
            if (drag && at !== undefined && at !== drag.end) setDrag({ ...drag, end: at });
          }}
          onMouseUp={() => {
            const selected = drag && dragRange(drag.start, drag.end, { from: x.domain[0], to: x.domain[1] });
            if (selected) setDragZoom({ range: selected, zoomLast });
            setDrag(null);
          }}
          onMouseLeave={() => setDrag(null)}
        >
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
                runs={drawn.map((v) => ({
                  id: v.key,
                  name: v.n > 1 ? `${v.name} (mean of ${v.n})` : v.name,
                  colour: v.style.colour,
                }))}
                smoothed={smoothed}
                xTitle={x.title}
                format={metric.format}
              />
            )}
          />
          {drag && drag.end !== drag.start && (
            <ReferenceArea
              x1={Math.min(drag.start, drag.end)}
              x2={Math.max(drag.start, drag.end)}
              fill="#0072B2"
              fillOpacity={0.12}
              stroke="#0072B2"
              strokeOpacity={0.4}
              ifOverflow="hidden"
              className="zoom-selection"
            />
          )}
          {drawn.map((v) => (
            <Area
              key={`band-${v.key}`}
              dataKey={(row: ChartRow) => {
                const lo = row[smoothKey(bandLoKey(v.key))];
                const hi = row[smoothKey(bandHiKey(v.key))];
                return lo === undefined || hi === undefined ? null : [lo, hi];
              }}
              stroke="none"
              fill={v.style.colour}
              fillOpacity={0.18}
              isAnimationActive={false}
              connectNulls
              activeDot={false}
              legendType="none"
              className="band-area"
            />
          ))}
          {seedLines.map((s) => (
            <Line
              key={`seed-${s.id}`}
              dataKey={smoothKey(seedKey(s.id))}
              stroke={s.colour}
              strokeOpacity={0.35}
              strokeWidth={1}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
              connectNulls
              legendType="none"
              className="seed-line"
            />
          ))}
          {smoothed &&
            drawn.map((v) => (
              <Line
                key={`raw-${v.key}`}
                dataKey={rawKey(v.key)}
                stroke={v.style.colour}
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
          {drawn.map((v) => (
            <Line
              key={`mean-${v.key}`}
              name={v.name}
              dataKey={smoothKey(v.key)}
              stroke={v.style.colour}
              strokeWidth={2}
              strokeDasharray={v.style.dash}
              dot={metric.markers ? { r: 3, fill: v.style.colour, strokeWidth: 0 } : false}
              isAnimationActive={false}
              connectNulls
              className={`run-line variant-line ${variantRunClasses.get(v.key) ?? ''}`}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    );
  }, [rows, drawn, seedLines, variantRunClasses, metric, xAxis, smoothed, useLog, zoomLast, range, drag]);

  const shownEntries = entries.filter((e) => !hidden[e.record.id]);
  return (
    <figure
      ref={figureRef}
      className="chart"
      aria-label={`${title} chart`}
      data-rows={rows.length}
      data-y-max={findRowsExtent(rows)?.max}
    >
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
        {drawn.some((v) => v.n > 1) && <span className="chart-note"> · mean over seeds, band: 95% interval</span>}
        {smoothed && <span className="chart-note"> · smoothed (faint: raw)</span>}
        {metric.markers && <span className="chart-note"> · as evaluated</span>}
        {range && (
          <button type="button" className="chart-reset-zoom" onClick={() => setDragZoom(null)}>
            Reset zoom
          </button>
        )}
        {metric.id === 'mfu' && shownEntries.length > 0 && (
          <span className="chart-note">
            {' '}
            · {describeMfuPeak(shownEntries.map((e) => e.record.config.train.peakTflops))}
          </span>
        )}
      </figcaption>
      {chart}
      <ChartLegend
        variants={legend}
        markers={metric.markers}
        onToggle={(key, isolate) =>
          store.getState().setView({ hidden: toggleVariant(store.getState().view.hidden, variants, key, isolate) })
        }
      />
    </figure>
  );
});
