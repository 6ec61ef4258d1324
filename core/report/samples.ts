// The report's samples: text the workbench generated from a run, prompt and continuation, with its decode speed.
import { escapeHtml as esc } from './escape';
import { formatCount } from './format';

/** One sample, as the workbench's samples panel holds it. */
export interface ReportSample {
  /** The run's name. */
  run: string;
  prompt: string;
  /** The continuation the model wrote after the prompt. */
  text: string;
  tokensPerSec: number | null;
}

export const SAMPLE_STYLE = `
.samples{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px}
.sample{border:1px solid #ddd;border-radius:6px;padding:8px 12px;break-inside:avoid}
.sample h3{font-size:14px;margin:0 0 4px}.sample pre{white-space:pre-wrap;word-break:break-word;margin:0;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace}
.sample .prompt{font-weight:700}.sample .speed{color:#555;font-size:12px;margin:4px 0 0}`;

/** "<h2>Samples</h2>" and a box per sample; nothing when there are none. */
export function renderSamples(samples: readonly ReportSample[]): string {
  if (samples.length === 0) return '';
  const boxes = samples.map((s) => {
    const speed = s.tokensPerSec === null ? '' : `<p class="speed">${esc(formatCount(s.tokensPerSec))} tokens/s</p>`;
    return (
      `<article class="sample"><h3>${esc(s.run)}</h3>` +
      `<pre><span class="prompt">${esc(s.prompt)}</span>${esc(s.text)}</pre>${speed}</article>`
    );
  });
  return `<h2>Samples</h2><div class="samples">${boxes.join('')}</div>`;
}
