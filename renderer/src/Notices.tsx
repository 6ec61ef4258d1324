// Errors from the worker that the user should see (a crash, a failed checkpoint write), dismissible.
import { useServices, useWorkbench } from './context';

export function Notices() {
  const { store } = useServices();
  const notices = useWorkbench((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Notices">
      {notices.map((n) => (
        <li key={n.id} role="alert">
          {n.message}{' '}
          <button
            type="button"
            aria-label={`Dismiss: ${n.message}`}
            onClick={() => store.getState().dismissNotice(n.id)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
