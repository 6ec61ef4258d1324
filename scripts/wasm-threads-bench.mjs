// Threaded vs single-thread wasm in Chromium: serves the built renderer (renderer/dist) twice, with and without the
// cross-origin isolation headers, runs the training worker there on wasm with the bench's reference config, and
// prints the median tokens/s of each (rounds interleaved). The isolated worker is asked for --threads threads (default:
// the cores), not the cores-minus-one the app takes. Usage: node scripts/wasm-threads-bench.mjs [--rounds R] [--threads N]
/* global URL, Worker, crossOriginIsolated, navigator -- URL in Node; Worker and crossOriginIsolated inside page.evaluate */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { register } from 'tsx/esm/api';

register();
const { parseConfig } = await import('../core/config/parse.ts');
const { referenceInput } = await import('../core/bench/variants.ts');
const { CROSS_ORIGIN_ISOLATION_HEADERS } = await import('../electron/isolation-headers.ts');

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    steps: { type: 'string', default: '8' },
    threads: { type: 'string', default: String(availableParallelism()) },
  },
});
const threads = Number(values.threads);
const rounds = Number(values.rounds);
const steps = Number(values.steps);
const dist = fileURLToPath(new URL('../renderer/dist', import.meta.url));
const workerFile = readdirSync(join(dist, 'assets')).find((f) => /^browser-entry.*\.js$/.test(f));
if (!workerFile) throw new Error('no assets/browser-entry-*.js in renderer/dist: run `npm run web` once (it builds)');

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};
const PAGE = '<!doctype html><meta charset="utf-8"><title>wasm threads bench</title>';

function serve(isolated) {
  const server = createServer((req, res) => {
    const headers = isolated ? { ...CROSS_ORIGIN_ISOLATION_HEADERS } : {};
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(PAGE);
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist)) return res.writeHead(404).end();
    if (process.env.BENCH_DEBUG) console.error(`GET ${path}`);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One run of `steps` steps in a fresh page; resolves with the thread count and the tokens/s of each step. */
async function measure(browser, url, config, wasmThreads) {
  const page = await browser.newPage();
  page.on('console', (m) => console.error(`page: ${m.text()}`));
  page.on('requestfailed', (r) => console.error(`failed: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && console.error(`${r.status()}: ${r.url()}`));
  try {
    await page.goto(url);
    return await page.evaluate(
      ({ workerUrl, config, wasmThreads }) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(workerUrl, { type: 'module' });
          const out = {
            isolated: crossOriginIsolated,
            cores: navigator.hardwareConcurrency,
            threads: null,
            tokensPerSec: [],
          };
          worker.onerror = (e) => reject(new Error(`${e.message} at ${e.filename}:${e.lineno}`));
          worker.onmessage = ({ data: msg }) => {
            if (msg.type === 'ready') {
              out.threads = msg.wasmThreads;
              out.note = msg.wasmThreadsNote;
              worker.postMessage({
                type: 'start',
                runId: 'bench',
                name: 'reference',
                config,
                data: { kind: 'config' },
              });
            } else if (msg.type === 'metrics') out.tokensPerSec.push(...msg.points.map((p) => p.tokensPerSec));
            else if (msg.type === 'done') resolve(out);
            else if (msg.type === 'error') reject(new Error(msg.message));
          };
          worker.postMessage({ type: 'init', backend: 'wasm', wasmThreads });
        }),
      { workerUrl: `/assets/${workerFile}`, config, wasmThreads },
    );
  } finally {
    await page.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const input = referenceInput();
// One logged point per step; no eval or checkpoint inside the timed steps; a nominal peak skips the calibration.
const config = parseConfig({
  ...input,
  train: { ...input.train, steps, logEvery: 1, evalEvery: 10_000, checkpointEvery: 10_000, peakTflops: 0.001 },
});
const servers = { threaded: await serve(true), single: await serve(false) };
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--no-first-run'],
});
const results = { threaded: [], single: [] };
try {
  for (let r = 0; r < rounds; r++) {
    for (const kind of r % 2 ? ['single', 'threaded'] : ['threaded', 'single']) {
      const { port } = servers[kind].address();
      const m = await measure(browser, `http://127.0.0.1:${port}/`, config, kind === 'threaded' ? threads : 1);
      const tps = median(m.tokensPerSec.slice(2)); // the first two steps compile and warm up
      results[kind].push(tps);
      console.log(
        `${kind}: isolated ${m.isolated}, ${m.cores} cores, ${m.threads} thread(s)${m.note ? ` (${m.note})` : ''}, median ${Math.round(tps)} tok/s`,
      );
    }
  }
} finally {
  await browser.close();
  Object.values(servers).forEach((s) => s.close());
}
const [t, s] = [median(results.threaded), median(results.single)];
console.log(
  `threaded ${Math.round(t)} tok/s (${results.threaded.map(Math.round).join(', ')}), single ${Math.round(s)} tok/s ` +
    `(${results.single.map(Math.round).join(', ')}): ${(t / s).toFixed(2)}x`,
);
