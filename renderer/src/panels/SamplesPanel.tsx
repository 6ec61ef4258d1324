// Text samples from a finished or paused run, or from any run's stored checkpoint after a reload (prompt,
// temperature, top-k, max tokens), streamed as they decode, with the decode speed; a second run compares decoding,
// e.g. MHA vs MQA (their KV cache per token beside), decoded after the first so neither slows the other.
import { useState } from 'react';
import { formatBytes, formatCount } from '../../../core/report';
import type { RunStatus } from '../../../core/record';
import { useServices, useWorkbench } from '../context';

const SAMPLEABLE: RunStatus[] = ['done', 'paused', 'stopped'];

function SampleCard({ runId }: { runId: string }) {
  const info = useWorkbench((s) => {
    const r = s.runs[runId];
    return {
      name: r?.record.name ?? runId,
      attention: r?.record.config.model.attention,
      kv: r?.record.summary?.kvCacheBytesPerToken ?? null,
      // Not held by this session's worker: the text comes from the stored checkpoint.
      fromStep: r && !r.attached ? r.checkpointStep : null,
    };
  });
  const sample = useWorkbench((s) => s.samples[runId]);
  return (
    <article className="sample" aria-label={`Sample from ${info.name}`}>
      <h3>
        {info.name}{' '}
        <span className="run-label">
          {info.attention}
          {info.kv !== null ? ` · KV cache ${formatBytes(info.kv)}/token` : ''}
          {info.fromStep !== null ? ` · checkpoint of step ${info.fromStep}` : ''}
        </span>
      </h3>
      {!sample ? (
        <p className="hint">No sample yet.</p>
      ) : sample.queued ? (
        <p role="status">Waiting for the other sample to finish (one decode at a time, for a fair speed).</p>
      ) : sample.pending ? (
        <>
          <pre className="sample-text streaming">
            <span className="sample-prompt">{sample.prompt}</span>
            {sample.text}
          </pre>
          <p role="status">Generating…</p>
        </>
      ) : sample.error ? (
        <p className="issue" role="alert">
          {sample.error}
        </p>
      ) : (
        <>
          <pre className="sample-text">
            <span className="sample-prompt">{sample.prompt}</span>
            {sample.text}
          </pre>
          <p className="decode-speed">Decode: {formatCount(sample.tokensPerSec)} tokens/s</p>
        </>
      )}
    </article>
  );
}

export function SamplesPanel() {
  const { client, store } = useServices();
  // Runs this session's worker holds, once paused or finished; any other run that has a stored checkpoint.
  const runs = useWorkbench((s) =>
    s.order.filter((id) => {
      const r = s.runs[id]!; // order lists the keys of runs
      return r.attached ? SAMPLEABLE.includes(r.record.status) : r.checkpointStep !== null;
    }),
  );
  const names = useWorkbench((s) => runs.map((id) => s.runs[id]!.record.name));
  // Kept with the view settings, so a reload shows the samples it kept side by side again.
  const { chosen, other } = useWorkbench((s) => ({ chosen: s.view.sampleFrom, other: s.view.sampleWith }));
  const setView = store.getState().setView;
  const [prompt, setPrompt] = useState('Call me ');
  const [temperature, setTemperature] = useState('0.8');
  const [topK, setTopK] = useState('40');
  const [maxTokens, setMaxTokens] = useState('64');
  const runId = chosen !== null && runs.includes(chosen) ? chosen : (runs[0] ?? '');
  const otherId = other !== null && runs.includes(other) && other !== runId ? other : '';
  const numbers = { temperature: Number(temperature), topK: Number(topK), maxTokens: Number(maxTokens) };
  const problem = !runId
    ? 'Sampling needs a run that has finished, paused or saved a checkpoint.'
    : !(numbers.temperature >= 0)
      ? 'Temperature must be a number ≥ 0.'
      : !(Number.isInteger(numbers.topK) && numbers.topK >= 0)
        ? 'Top-k must be an integer ≥ 0 (0 = all).'
        : !(Number.isInteger(numbers.maxTokens) && numbers.maxTokens > 0)
          ? 'Max tokens must be a positive integer.'
          : null;
  const generate = () => {
    // The client queues them: the second decodes once the first is done; a failure is reported on its card.
    for (const id of [runId, otherId].filter(Boolean)) void client.sample(id, { prompt, ...numbers });
  };
  const options = runs.map((id, i) => (
    <option key={id} value={id}>
      {names[i]}
    </option>
  ));
  return (
    <section aria-labelledby="samples-title">
      <h2 id="samples-title">Samples</h2>
      <div className="sample-form">
        <label>
          Sample from{' '}
          <select value={runId} onChange={(e) => setView({ sampleFrom: e.target.value })}>
            {options}
          </select>
        </label>
        <label>
          Compare with{' '}
          <select value={otherId} onChange={(e) => setView({ sampleWith: e.target.value || null })}>
            <option value="">none</option>
            {options}
          </select>
        </label>
        <label className="wide">
          Prompt <textarea rows={2} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
        </label>
        <label>
          Temperature{' '}
          <input type="text" inputMode="decimal" value={temperature} onChange={(e) => setTemperature(e.target.value)} />
        </label>
        <label>
          Top-k <input type="text" inputMode="numeric" value={topK} onChange={(e) => setTopK(e.target.value)} />
        </label>
        <label>
          Max tokens{' '}
          <input type="text" inputMode="numeric" value={maxTokens} onChange={(e) => setMaxTokens(e.target.value)} />
        </label>
        <button
          type="button"
          className="primary"
          disabled={problem !== null}
          aria-describedby={problem ? 'sample-problem' : undefined}
          onClick={generate}
        >
          Generate
        </button>
        {problem && (
          <p id="sample-problem" className="hint">
            {problem}
          </p>
        )}
      </div>
      <div className="sample-grid">
        {runId && <SampleCard runId={runId} />}
        {otherId && <SampleCard runId={otherId} />}
      </div>
    </section>
  );
}
