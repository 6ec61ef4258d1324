// Files in and out of the web build: run records (JSON), the builder's experiment spec, and the HTML report.
// (The desktop shell offers the same through its menus and file dialogs.)
import { useMemo, useState } from 'react';
import type { RunData } from '../../../core/record';
import { parseExperiment } from '../../../core/claims';
import { parseJsonText } from '../../../core/config/json-text';
import { buildHtmlReport } from '../../../core/report';
import { planAblationRuns } from '../builder/ablations';
import { presetFromExperiment } from '../builder/presets';
import { useServices, useWorkbench } from '../context';
import { exportRunsJson, parseRunsJson } from '../store/serialise';
import { downloadText } from './download';
import { readSeedCount } from '../builder/seeds';
import { buildExperimentSpec } from './experiment-spec';
import { copyRunData, planImport } from './import-plan';
import { describeTestedClaims } from './paper';

import { listReportScopes, planReport } from './report-scope';

const slug = (name: string) => name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'experiment';

export function ImportExport() {
  const { store, builder, client } = useServices();
  const runCount = useWorkbench((s) => s.order.length);
  const entries = useWorkbench((s) => s.order.map((id) => s.runs[id]!)); // order lists the keys of runs
  const scopes = useMemo(() => listReportScopes(entries), [entries]);
  // The latest experiment by default: a report is of one experiment unless the user picks otherwise.
  const [scopeChoice, setScopeChoice] = useState<string | null>(null);
  const scopeId = scopes.some((s) => s.id === scopeChoice) ? scopeChoice! : (scopes.at(-2)?.id ?? '');
  const [message, setMessage] = useState('');
  // An import whose runs are partly here already: waits for "as copies" or "skip".
  const [pending, setPending] = useState<{ file: string; fresh: RunData[]; duplicates: RunData[] } | null>(null);
  const listRuns = () => store.getState().order.map((id) => store.getState().runs[id]!); // order lists the keys of runs

  const importRuns = async (file: File) => {
    try {
      const runs = parseRunsJson(await file.text());
      const plan = planImport(store.getState().order, runs);
      if (plan.duplicates.length > 0) {
        setPending({ file: file.name, ...plan });
        setMessage('');
        return;
      }
      finishImport(file.name, runs);
    } catch (e) {
      setMessage(`Could not import ${file.name}: ${(e as Error).message}`);
    }
  };
  const finishImport = (file: string, runs: RunData[], skipped = 0) => {
    if (runs.length > 0) client.importRuns(runs, file);
    setPending(null);
    const plural = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
    setMessage(
      `Imported ${plural(runs.length)} from ${file}${skipped ? `; skipped ${plural(skipped)} already here` : ''}.`,
    );
  };
  const importSpec = async (file: File) => {
    try {
      const exp = parseExperiment(parseJsonText(await file.text(), file.name), file.name);
      builder.getState().loadPreset(presetFromExperiment(exp, `file:${file.name}`));
      setMessage(`Loaded experiment "${exp.name}" into the builder.`);
    } catch (e) {
      setMessage(`Could not load ${file.name}: ${(e as Error).message}`);
    }
  };
  const exportSpec = () => {
    const { draft, modes, name, variants, baseName, seeds } = builder.getState();
    const plan = planAblationRuns(draft, modes, name, { variants, baseName });
    const count = readSeedCount(seeds);
    if (!plan.ok || !count.ok) return setMessage('Fix the builder first: the spec would not be valid.');
    downloadText(
      `${slug(name)}.json`,
      JSON.stringify(buildExperimentSpec(name, '', plan.runs, count.seeds), null, 2),
      'application/json',
    );
  };
  const exportReport = () => {
    const { view, samples, benches } = store.getState();
    const plan = planReport(listRuns(), scopeId, view, samples, describeTestedClaims, benches);
    if (plan.runs.length === 0)
      return setMessage('No runs to report: tick a run for the charts, or pick an experiment.');
    downloadText(plan.fileName, buildHtmlReport(plan.runs, plan.experiment, plan.options), 'text/html');
  };

  return (
    <section aria-labelledby="files-title">
      <h2 id="files-title">Import and export</h2>
      <div className="file-actions">
        <button
          type="button"
          disabled={runCount === 0}
          onClick={() => downloadText('palm-workbench-runs.json', exportRunsJson(listRuns()), 'application/json')}
        >
          Export runs (JSON)
        </button>
        <label className="file-button">
          Import runs (JSON){' '}
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              // Cleared, so choosing the same file again imports it again (and asks about its runs).
              e.target.value = '';
              if (file) void importRuns(file);
            }}
          />
        </label>
        <button type="button" onClick={exportSpec}>
          Export experiment spec
        </button>
        <label className="file-button">
          Import experiment spec{' '}
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importSpec(file);
            }}
          />
        </label>
        <label>
          Report of{' '}
          <select value={scopeId} onChange={(e) => setScopeChoice(e.target.value)} disabled={runCount === 0}>
            {scopes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={runCount === 0} onClick={exportReport}>
          Download report (HTML)
        </button>
      </div>
      {pending && (
        <div className="import-question" role="group" aria-label="Runs already here">
          <p>
            {pending.duplicates.length === 1 ? '1 run' : `${pending.duplicates.length} runs`} in {pending.file}{' '}
            {pending.duplicates.length === 1 ? 'is' : 'are'} already here (
            {pending.duplicates.map((r) => r.record.name).join(', ')}). Importing never overwrites a run.
          </p>
          <button
            type="button"
            onClick={() =>
              finishImport(pending.file, [
                ...pending.fresh,
                ...pending.duplicates.map((r) => copyRunData(r, crypto.randomUUID())),
              ])
            }
          >
            Import as copies
          </button>{' '}
          <button type="button" onClick={() => finishImport(pending.file, pending.fresh, pending.duplicates.length)}>
            Skip those
          </button>{' '}
          <button type="button" onClick={() => setPending(null)}>
            Cancel import
          </button>
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
