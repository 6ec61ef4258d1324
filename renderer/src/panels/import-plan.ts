// What importing runs would do to the runs already here (pure): runs whose id is new import as they are; a run
// whose id is taken is never overwritten silently: the user skips it or imports it as a copy with a new id.
import type { RunData } from '../../../core/record';

export interface ImportPlan {
  fresh: RunData[];
  /** Runs whose id is already in the workbench (or repeated in the file). */
  duplicates: RunData[];
}

export function planImport(existingIds: Iterable<string>, runs: readonly RunData[]): ImportPlan {
  const taken = new Set(existingIds);
  const fresh: RunData[] = [];
  const duplicates: RunData[] = [];
  for (const run of runs) {
    if (taken.has(run.record.id)) duplicates.push(run);
    else {
      taken.add(run.record.id);
      fresh.push(run);
    }
  }
  return { fresh, duplicates };
}

/** A copy under a new id, named as a copy, so both the original and the import stay. */
export function copyRunData(run: RunData, newId: string): RunData {
  return { ...run, record: { ...run.record, id: newId, name: `${run.record.name} (copy)` } };
}
