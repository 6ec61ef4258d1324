// The run queue: every run with its status and controls, oldest first.
import { useWorkbench } from '../context';
import { RunRow } from './RunRow';

export function RunQueue() {
  const order = useWorkbench((s) => s.order);
  return (
    <section aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      {order.length === 0 ? (
        <p className="hint">No runs yet: pick a preset, set the switches and press Queue runs.</p>
      ) : (
        <div className="table-wrap">
          <table className="runs" aria-label="Runs">
            <thead>
              <tr><th scope="col"><span className="visually-hidden">Colour</span></th><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col">Backend</th><th scope="col">Chart</th><th scope="col">Actions</th></tr>
            </thead>
            <tbody>
              {order.map((id) => <RunRow key={id} runId={id} />)}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
