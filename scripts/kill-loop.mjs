#!/usr/bin/env node
// kill -9 during the CLI's writes (docs/design.md §2 "Atomic outputs"): runs `report` or `tokenizer train` again and
// again, each time with an input that names a new generation, and SIGKILLs it as soon as its temporary output appears
// (inotify through fs.watch) plus a random 0-`--jitter` ms, so kills land before, inside and after the write. After
// every kill the output must be one complete generation: the last complete one (old) or this one (new), never a mix.
//
//   node scripts/kill-loop.mjs report --run <run folder> --work <dir> [--kills 20] [--points 20000] [--jitter ms]
//   node scripts/kill-loop.mjs tokenizer --work <dir> [--kills 20] [--jitter ms]
//
// The first run is not killed: it writes the first complete generation and times the write phase.
//
// Prints one JSON line: kills, midWrite (a temporary file or folder was left: the kill came inside the write),
// old / new / absent (what the output was after each kill), unpairedConfig (tokenizer: kills between the two
// renames, recognised by the SHA-256) and `bad` (every violation; the exit code is 1 if any).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout } from 'node:timers';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    run: { type: 'string' },
    work: { type: 'string' },
    kills: { type: 'string', default: '20' },
    points: { type: 'string', default: '20000' },
    jitter: { type: 'string' },
  },
});
const mode = positionals[0];
if ((mode !== 'report' && mode !== 'tokenizer') || !values.work || (mode === 'report' && !values.run)) {
  process.stderr.write('usage: kill-loop.mjs report --run DIR --work DIR | tokenizer --work DIR [--kills N]\n');
  process.exit(2);
}
const work = resolve(values.work);
const kills = Number(values.kills);
// The kill delay after the temporary output appears: 0 to `jitter` ms, or, by default, 0 to 1.5 times the write
// phase of the first (uncut) run, so kills land before, inside and after the write.
let jitterMs = values.jitter === undefined ? undefined : Number(values.jitter);
mkdirSync(work, { recursive: true });

/**
 * Run the CLI; unless `uncut`, kill -9 it a random 0-`jitterMs` ms after a file whose name `isTemp` accepts appears
 * in `watchDir`. `writeMs`: from that moment to the last rename onto `finalName` (an uncut run's write phase).
 */
function runAndKill(args, watchDir, isTemp, finalName, uncut = false) {
  return new Promise((done) => {
    const child = spawn('node', [join(ROOT, 'bin/palm-workbench.mjs'), ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    let seenAt;
    let renamedAt;
    const watcher = watch(watchDir, (_event, name) => {
      if (name === finalName && seenAt !== undefined) renamedAt = performance.now();
      if (seenAt !== undefined || !name || !isTemp(name)) return;
      seenAt = performance.now();
      if (!uncut) setTimeout(() => child.kill('SIGKILL'), Math.random() * jitterMs);
    });
    child.on('close', (code, signal) => {
      watcher.close();
      done({ killed: signal === 'SIGKILL', code, stderr, writeMs: (renamedAt ?? seenAt ?? 0) - (seenAt ?? 0) });
    });
  });
}

/** Leftovers of a write cut short: the temporary names the CLI uses (cli/atomic-write.ts, cli/atomic-folder.ts). */
const leftovers = (dir, stem) =>
  readdirSync(dir).filter((n) =>
    new RegExp(`^\\.?${stem.replace('.', '\\.')}\\.\\d+\\.[0-9a-f]{8}\\.(tmp|old)$`).test(n),
  );

// ---- report: one run whose name is the generation; the report folder must name one generation in all four files.
function prepareReport() {
  const exp = join(work, 'exp');
  rmSync(exp, { recursive: true, force: true });
  const run = join(exp, 'run');
  cpSync(values.run, run, { recursive: true, filter: (src) => !src.endsWith('report') });
  // Many points, so the files take a while to write (every point is in metrics.csv and report.json).
  const first = JSON.parse(readFileSync(join(run, 'metrics.jsonl'), 'utf8').split('\n')[0]);
  const points = Number(values.points);
  const lines = Array.from({ length: points }, (_, i) => JSON.stringify({ ...first, step: i + 1 }));
  writeFileSync(join(run, 'metrics.jsonl'), `${lines.join('\n')}\n`);
  const record = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8'));
  record.config.train.steps = Math.max(record.config.train.steps, points);
  return { exp, run, record, points };
}

/** The generation a report folder names, or a description of what is wrong with it. */
function reportGeneration(out, points) {
  if (!existsSync(out)) return { state: 'absent' };
  const files = readdirSync(out).sort();
  const expected = ['metrics.csv', 'report.html', 'report.json', 'report.md'];
  if (JSON.stringify(files) !== JSON.stringify(expected)) return { bad: `files ${files.join(',')}` };
  let json;
  try {
    json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  } catch (e) {
    return { bad: `report.json: ${e.message}` };
  }
  const gen = json.runs[0].record.name;
  const csv = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
  if (csv.length !== 1 + points || !csv.slice(1).every((l) => l.split(',')[1] === gen))
    return { bad: `metrics.csv: ${csv.length - 1} rows, not all of ${gen}` };
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  if (!html.trimEnd().endsWith('</html>') || !html.includes(gen)) return { bad: `report.html: not a whole ${gen}` };
  if (!readFileSync(join(out, 'report.md'), 'utf8').includes(gen)) return { bad: `report.md: not of ${gen}` };
  return { gen };
}

// ---- tokenizer: the vocabulary size is the generation; tokenizer.json must parse whole, and its config must either
// name it by SHA-256 or be the previous generation's (the instant between the two renames).
function tokenizerGeneration(dir) {
  const path = join(dir, 'tokenizer.json');
  if (!existsSync(path)) return { state: 'absent' };
  const bytes = readFileSync(path);
  let json;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    return { bad: `tokenizer.json: ${e.message}` };
  }
  let config;
  try {
    config = JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8'));
  } catch (e) {
    return { bad: `tokenizer_config.json: ${e.message}` };
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  return { gen: Object.keys(json.model.vocab).length, paired: config.palm_workbench?.tokenizerSha256 === sha, sha };
}

const summary = {
  mode,
  jitterMs: 0,
  kills: 0,
  completed: 0,
  midWrite: 0,
  old: 0,
  new: 0,
  absent: 0,
  unpairedConfig: 0,
  bad: [],
};
let last; // the generation seen after the last iteration
let lastSha; // tokenizer: the SHA-256 of the tokenizer.json seen after the last iteration
if (mode === 'report') {
  const { exp, run, record, points } = prepareReport();
  const out = join(work, 'out');
  rmSync(out, { recursive: true, force: true });
  for (let i = 0; summary.kills < kills && i < kills * 5; i++) {
    const gen = `gen${i}`;
    writeFileSync(join(run, 'run.json'), JSON.stringify({ ...record, name: gen }));
    const r = await runAndKill(
      ['report', exp, '--out', out],
      work,
      (n) => /^\.out\.\d+\.[0-9a-f]{8}\.tmp$/.test(n),
      'out',
      i === 0,
    );
    jitterMs ??= Math.max(1, 1.5 * r.writeMs);
    if (!r.killed) {
      if (r.code !== 0) summary.bad.push(`iteration ${i}: exit ${r.code}: ${r.stderr.trim()}`);
      summary.completed++;
      last = reportGeneration(out, points).gen;
      continue;
    }
    summary.kills++;
    if (leftovers(work, 'out').length > 0) summary.midWrite++;
    const seen = reportGeneration(out, points);
    if (seen.bad) summary.bad.push(`kill ${summary.kills}: ${seen.bad}`);
    else if (seen.state === 'absent') summary.absent++;
    else if (seen.gen === gen) summary.new++;
    else if (seen.gen === last) summary.old++;
    else summary.bad.push(`kill ${summary.kills}: ${seen.gen}, neither old (${last}) nor new (${gen})`);
    if (seen.gen) last = seen.gen;
  }
} else {
  const dir = join(work, 'tok');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const text = join(work, 'text.txt');
  // A varied text (the README and the docs), so each vocabulary size gives a different tokenizer.json.
  const docs = readdirSync(join(ROOT, 'docs')).filter((n) => n.endsWith('.md'));
  writeFileSync(text, docs.map((n) => readFileSync(join(ROOT, 'docs', n), 'utf8')).join('\n'));
  const out = join(dir, 'tokenizer.json');
  for (let i = 0; summary.kills < kills && i < kills * 5; i++) {
    const vocab = 400 + i;
    const args = ['tokenizer', 'train', '--text', text, '--vocab', String(vocab), '--model', 'bpe', '--out', out];
    const r = await runAndKill(
      args,
      dir,
      (n) => /^tokenizer(_config)?\.json\.\d+\.[0-9a-f]{8}\.tmp$/.test(n),
      'tokenizer_config.json',
      i === 0,
    );
    jitterMs ??= Math.max(1, 1.5 * r.writeMs);
    const seen = tokenizerGeneration(dir);
    if (!r.killed) {
      if (r.code !== 0) summary.bad.push(`iteration ${i}: exit ${r.code}: ${r.stderr.trim()}`);
      if (!seen.paired) summary.bad.push(`iteration ${i}: a completed write left an unpaired config`);
      summary.completed++;
      last = seen.gen;
      lastSha = seen.sha;
      continue;
    }
    summary.kills++;
    if (leftovers(dir, 'tokenizer.json').length + leftovers(dir, 'tokenizer_config.json').length > 0)
      summary.midWrite++;
    if (seen.bad) summary.bad.push(`kill ${summary.kills}: ${seen.bad}`);
    else if (seen.state === 'absent') summary.absent++;
    else if (seen.gen === vocab) summary.new++;
    else if (seen.gen === last) summary.old++;
    else summary.bad.push(`kill ${summary.kills}: vocab ${seen.gen}, neither old (${last}) nor new (${vocab})`);
    // This kill came between the two renames: a new tokenizer.json beside the old config, whose record
    // `tokenizer stats` then ignores (its SHA-256 names the old file). Counted once, not for each later kill.
    if (seen.gen !== undefined && !seen.paired && seen.sha !== lastSha) summary.unpairedConfig++;
    if (seen.gen !== undefined) last = seen.gen;
    lastSha = seen.sha;
  }
}
summary.jitterMs = Math.round(jitterMs ?? 0);
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(summary.bad.length > 0 ? 1 : 0);
