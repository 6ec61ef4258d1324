// The experiment builder: a preset, the switches, every setting, and "Queue runs" for the cross product, which is
// disabled (and says why) while any setting or combination is invalid.
import { useMemo } from 'react';
import { useBuilder, useServices } from '../context';
import { AblationControls } from './AblationControls';
import { countRuns, planRuns } from './ablations';
import { SettingsForm } from './SettingsForm';

export function ExperimentBuilder() {
  const { presets, client, builder } = useServices();
  const { presetId, name, draft, modes, setName } = useBuilder((s) => ({
    presetId: s.presetId,
    name: s.name,
    draft: s.draft,
    modes: s.modes,
    setName: s.setName,
  }));
  const plan = useMemo(() => planRuns(draft, modes, name.trim() || 'run'), [draft, modes, name]);
  const issues = useMemo(() => new Map(plan.ok ? [] : plan.issues.map((i) => [i.path, i.message])), [plan]);
  const preset = presets.find((p) => p.id === presetId);
  const runCount = countRuns(modes);
  const blocker = plan.ok ? null : `Fix ${plan.issues[0]!.path}: ${plan.issues[0]!.message}`;

  return (
    <section className="builder" aria-labelledby="builder-title">
      <h2 id="builder-title">Experiment</h2>
      <div className="field">
        <label htmlFor="preset">Preset</label>
        <select
          id="preset"
          value={presetId}
          onChange={(e) => {
            const next = presets.find((p) => p.id === e.target.value);
            if (next) builder.getState().loadPreset(next);
          }}
        >
          {!preset && <option value={presetId}>{presetId === '' ? 'duplicated run' : 'imported spec'}</option>}
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {preset?.description && <p className="hint">{preset.description}</p>}
      <div className="field">
        <label htmlFor="run-name">Run name</label>
        <input id="run-name" type="text" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <AblationControls />
      <SettingsForm issues={issues} />
      <div className="queue-bar">
        <p id="run-count" aria-live="polite">
          {runCount === 1 ? '1 run' : `${runCount} runs`} in the cross product
        </p>
        {blocker && (
          <p id="queue-blocker" className="issue">
            {blocker}
          </p>
        )}
        <button
          type="button"
          className="primary"
          disabled={!plan.ok}
          aria-describedby={blocker ? 'queue-blocker' : 'run-count'}
          onClick={() => plan.ok && client.queueRuns(plan.runs)}
        >
          Queue runs
        </button>
      </div>
    </section>
  );
}
