// Files in and out of the web build: run records (JSON), the builder's experiment spec, and the HTML report.
// (The desktop shell offers the same through its menus and file dialogs.)
import { useState } from 'react';
import { parseExperiment } from '../../../core/config';
import { buildHtmlReport } from '../../../core/report';
import { planRuns } from '../builder/ablations';
import { presetFromExperiment } from '../builder/presets';
import { useServices, useWorkbench } from '../context';
import { exportRunsJson, parseRunsJson } from '../store/serialise';
import { downloadText } from './download';
import { buildExperimentSpec } from './experiment-spec';
import { describeTestedClaims } from './paper';

const slug = (name: string) => name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'experiment';

export function ImportExport() {
  const { store, builder, client } = useServices();
  const runCount = useWorkbench((s) => s.order.length);
  const [message, setMessage] = useState('');
  const listRuns = () => store.getState().order.map((id) => store.getState().runs[id]!); // order lists the keys of runs

  const importRuns = async (file: File) => {
    try {
      const runs = parseRunsJson(await file.text());
      client.importRuns(runs);
      setMessage(`Imported ${runs.length} run${runs.length === 1 ? '' : 's'} from ${file.name}.`);
    } catch (e) {
      setMessage(`Could not import ${file.name}: ${(e as Error).message}`);
    }
  };
  const importSpec = async (file: File) => {
    try {
      const exp = parseExperiment(JSON.parse(await file.text()), file.name);
      builder.getState().loadPreset(presetFromExperiment(exp, `file:${file.name}`));
      setMessage(`Loaded experiment "${exp.name}" into the builder.`);
    } catch (e) {
      setMessage(`Could not load ${file.name}: ${(e as Error).message}`);
    }
  };
  const exportSpec = () => {
    const { draft, modes, name } = builder.getState();
    const plan = planRuns(draft, modes, name);
    if (!plan.ok) return setMessage('Fix the builder first: the spec would not be valid.');
    downloadText(
      `${slug(name)}.json`,
      JSON.stringify(buildExperimentSpec(name, '', plan.runs), null, 2),
      'application/json',
    );
  };
  const exportReport = () => {
    const runs = listRuns().map((r) => ({ record: r.record, metrics: r.metrics }));
    const report = buildHtmlReport(runs, { name: 'PaLM Workbench runs', claim: describeTestedClaims(runs) });
    downloadText('palm-workbench-report.html', report, 'text/html');
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
            onChange={(e) => e.target.files?.[0] && void importRuns(e.target.files[0])}
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
            onChange={(e) => e.target.files?.[0] && void importSpec(e.target.files[0])}
          />
        </label>
        <button type="button" disabled={runCount === 0} onClick={exportReport}>
          Download report (HTML)
        </button>
      </div>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
