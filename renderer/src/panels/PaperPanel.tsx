// The paper panel: each headline ablation's claim from the PaLM paper beside what this workbench's runs measured.
import { useMemo } from 'react';
import { useThrottledValue } from '../charts/use-throttled';
import { useWorkbench } from '../context';
import { buildPaperFindings } from './paper';

export function PaperPanel() {
  const runs = useThrottledValue(
    useWorkbench((s) => s.order.map((id) => s.runs[id]!)), // order lists the keys of runs
    1000,
  );
  const findings = useMemo(
    () => buildPaperFindings(runs.map((r) => ({ record: r.record, metrics: r.metrics }))),
    [runs],
  );
  return (
    <section aria-labelledby="paper-title">
      <h2 id="paper-title">Paper vs measured</h2>
      <div className="paper-grid">
        {findings.map((f) => (
          <article key={f.claim.id} className="paper-card" aria-label={`${f.claim.title}: claim and measurement`}>
            <h3>
              {f.claim.title}: {String(f.claim.palm)} vs {String(f.claim.alternative)}
            </h3>
            <p>
              <strong>PaLM claims:</strong> {f.claim.claim}
            </p>
            {f.pair ? (
              <>
                <p>
                  <strong>Measured</strong> ({f.pair[0]} vs {f.pair[1]}):
                </p>
                <ul>
                  {f.measured.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="hint">Not measured yet: set {f.claim.title} to compare both and queue runs.</p>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}
