// The sweep plots the workbench shows (pure): per experiment that sweeps a key, one plot per ladder rung (one without
// a ladder), each variant in its first run's colour (runs/variants.ts) and named without the experiment's prefix.
import { findSweeps, titleSweep, type SweepPlot } from '../../../core/report';
import type { RunStyle } from '../palette';
import { groupRuns, nameInExperiment } from '../runs/groups';
import { variantStyles } from '../runs/variants';
import type { RunEntry } from '../store/types';

export interface SweepPanelPlot {
  /** Stable across redraws: the experiment group's id and the rung. */
  key: string;
  experiment: string;
  title: string;
  plot: SweepPlot;
  /** Per variant of the plot: its style and its name inside the experiment. */
  styles: RunStyle[];
  names: string[];
}

export function planSweepPlots(entries: readonly RunEntry[]): SweepPanelPlot[] {
  const styles = variantStyles(entries);
  const byId = new Map(entries.map((e) => [e.record.id, e]));
  return groupRuns(entries).flatMap((group) => {
    const runs = group.runIds.map((id) => byId.get(id)!); // a group lists entries' ids
    return findSweeps(runs).map((plot) => ({
      key: `${group.id}/${plot.rung?.index ?? ''}`,
      experiment: group.name,
      title: titleSweep(plot),
      plot,
      styles: plot.variants.map((v) => styles.get(runs[v.firstRun]!.record.id)!), // every entry has a style
      names: plot.variants.map((v) => nameInExperiment(v.name, group.name)),
    }));
  });
}
