// The run queue: runs grouped by the experiment they were queued with (oldest first), each group naming its
// baseline, every run with its status and controls.
import { useMemo } from 'react';
import { useServices, useWorkbench } from '../context';
import { groupRuns } from './groups';
import { RunRow } from './RunRow';
import { variantStyles } from './variants';

export function RunQueue() {
  const { store } = useServices();
  // Grouping changes only when runs are added or removed, not on every logged point: select a key for it.
  const membership = useWorkbench((s) => s.order.map((id) => `${id} ${s.runs[id]!.experiment?.id ?? ''}`).join('\n'));
  const groups = useMemo(() => {
    const { order, runs } = store.getState();
    return membership ? groupRuns(order.map((id) => runs[id]!)) : [];
  }, [membership, store]);
  const styles = useMemo(() => {
    const { order, runs } = store.getState();
    return variantStyles(membership ? order.map((id) => runs[id]!) : []);
  }, [membership, store]);
  const baseIds = useMemo(() => {
    const { order, runs } = store.getState();
    return new Set(membership ? order.filter((id) => runs[id]!.record.label === '') : []);
  }, [membership, store]);
  return (
    <section aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      {groups.length === 0 ? (
        <p className="hint">No runs yet: pick a preset, set the switches and press Queue runs.</p>
      ) : (
        <div className="table-wrap">
          <table className="runs" aria-label="Runs">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Colour</span>
                </th>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Backend</th>
                <th scope="col">Chart</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            {groups.map((g) => (
              <tbody key={g.id} aria-label={`Experiment ${g.name}`}>
                {(g.runIds.length > 1 || groups.length > 1) && (
                  <tr className="group-row">
                    <th scope="rowgroup" colSpan={7}>
                      {g.name}{' '}
                      <span className="hint">
                        · {g.runIds.length} {g.runIds.length === 1 ? 'run' : 'runs'}
                      </span>
                    </th>
                  </tr>
                )}
                {g.runIds.map((id) => (
                  // With seeds, each seed's base run is the baseline of its seed.
                  <RunRow
                    key={id}
                    runId={id}
                    style={styles.get(id)!} // every run has a variant
                    isBaseline={g.runIds.length > 1 && (id === g.baselineId || baseIds.has(id))}
                  />
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </section>
  );
}
