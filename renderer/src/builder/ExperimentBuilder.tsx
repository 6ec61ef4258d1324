// The experiment builder: a preset, the switches, every setting, a live estimate, and "Queue runs" for the planned
// runs, which is disabled (and says why) while any setting or combination is invalid or a run is too large.
import { useMemo } from 'react';
import { useBuilder, useServices, useWorkbench } from '../context';
import { AblationControls } from './AblationControls';
import { planAblationRuns } from './ablations';
import { checkRunSize, estimateRun, findMeasuredFlopsPerSec } from './estimate';
import { RunEstimate } from './RunEstimate';
import { planSeeds, readSeedCount } from './seeds';
import { SettingsForm } from './SettingsForm';
import { VariantList } from './VariantList';

export function ExperimentBuilder() {
  const { presets, client, builder, store } = useServices();
  const { presetId, name, draft, modes, variants, baseName, seeds, setName, setSeeds } = useBuilder((s) => ({
    presetId: s.presetId,
    name: s.name,
    draft: s.draft,
    modes: s.modes,
    variants: s.variants,
    baseName: s.baseName,
    seeds: s.seeds,
    setName: s.setName,
    setSeeds: s.setSeeds,
  }));
  const backend = useWorkbench((s) => s.backend);
  // Only the newest finished speed matters: recomputed when a run finishes, not on every logged step.
  const doneCount = useWorkbench((s) => s.order.filter((id) => s.runs[id]!.record.status === 'done').length);
  const measuredFlops = useMemo(
    () => findMeasuredFlopsPerSec(Object.values(store.getState().runs), backend?.backend),
    [doneCount, backend, store],
  );
  const seedCount = readSeedCount(seeds);
  const plan = useMemo(() => {
    const p = planAblationRuns(draft, modes, name.trim() || 'run', { variants, baseName });
    const n = readSeedCount(seeds);
    if (!p.ok) return p;
    if (!n.ok) return { ok: false as const, issues: [{ path: 'seeds per run', message: n.message }] };
    return { ok: true as const, runs: planSeeds(p.runs, n.seeds) };
  }, [draft, modes, name, variants, baseName, seeds]);
  // Before any run on this backend has logged a speed: a first estimate at the kept calibrated peak (a lower bound).
  const firstPeak = measuredFlops === null ? (backend?.peakFlopsPerSec ?? null) : null;
  const estimates = useMemo(
    () => (plan.ok ? plan.runs.map((r) => estimateRun(r.config, measuredFlops ?? firstPeak)) : []),
    [plan, measuredFlops, firstPeak],
  );
  const maxBuffer = backend?.limits.maxStorageBufferBindingSize;
  const tooLarge = estimates.map((e) => checkRunSize(e, maxBuffer)).find((m) => m !== null) ?? null;
  const issues = useMemo(() => new Map(plan.ok ? [] : plan.issues.map((i) => [i.path, i.message])), [plan]);
  const optimizers = useMemo(
    () =>
      new Set(plan.ok ? plan.runs.map((r) => r.config.optimizer.name) : [String(draft.optimizer?.name ?? 'adafactor')]),
    [plan, draft],
  );
  const preset = presets.find((p) => p.id === presetId);
  const runCount = plan.ok ? plan.runs.length : 0;
  const blocker = !plan.ok
    ? `Fix ${plan.issues[0]!.path}: ${plan.issues[0]!.message}`
    : tooLarge
      ? `Refused: ${tooLarge}.`
      : null;

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
            if (next) builder.getState().loadPreset(next, preset);
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
        <label htmlFor="run-name">Experiment name</label>
        <input id="run-name" type="text" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="seeds">Seeds per run</label>
        <input
          id="seeds"
          type="text"
          inputMode="numeric"
          value={seeds}
          aria-invalid={!seedCount.ok}
          aria-describedby="seeds-note"
          onChange={(e) => setSeeds(e.target.value)}
        />
      </div>
      <p className="hint" id="seeds-note">
        {seedCount.ok
          ? 'Each run trained once per seed, the same seeds for every run so they pair; a verdict needs 2 seeds for an interval, 3 or more for a useful one.'
          : `Seeds per run ${seedCount.message}.`}
      </p>
      <AblationControls />
      <VariantList />
      <SettingsForm issues={issues} optimizers={optimizers} />
      {plan.ok && (
        <RunEstimate
          runs={plan.runs}
          estimates={estimates}
          speed={measuredFlops !== null ? 'measured' : firstPeak !== null ? 'first' : 'none'}
        />
      )}
      <div className="queue-bar">
        <p id="run-count" aria-live="polite">
          {plan.ok ? (runCount === 1 ? '1 run' : `${runCount} runs`) : 'No runs'} planned
        </p>
        {blocker && (
          <p id="queue-blocker" className="issue">
            {blocker}
          </p>
        )}
        <button
          type="button"
          className="primary"
          disabled={!plan.ok || tooLarge !== null}
          aria-describedby={blocker ? 'queue-blocker' : 'run-count'}
          onClick={() => plan.ok && !tooLarge && client.queueRuns(plan.runs, { name: name.trim() || 'run' })}
        >
          Queue runs
        </button>
      </div>
    </section>
  );
}
