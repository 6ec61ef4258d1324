// `run --jobs 2` vs `--jobs 1` wall time on a 4-run wasm experiment (2 variants × 2 seeds), rounds interleaved
// j1, j2, j2, j1, ...; prints each round's wall time, the CPU cores the run used ((user + sys) / wall) and the load
// average, then the ratio of the medians. Usage: node scripts/jobs-bench.mjs [--rounds R] [--steps N]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, steps: { type: 'string', default: '60' } },
});
const rounds = Number(values.rounds);
const steps = Number(values.steps);
const tmp = mkdtempSync(join(tmpdir(), 'palm-jobs-bench-'));
const spec = {
  name: 'jobs-bench',
  base: {
    model: { dModel: 64, nLayers: 2, nHeads: 4, headDim: 16, seqLen: 64 },
    // A nominal peak: no calibration, so the wall time is training, not start-up.
    train: {
      batchSize: 8,
      steps,
      logEvery: 10,
      evalEvery: steps,
      evalBatches: 1,
      checkpointEvery: 10_000,
      peakTflops: 1,
    },
    data: { corpus: 'moby-dick', maxBytes: 200_000 },
  },
  variants: [{ name: 'mha', overrides: { 'model.attention': 'mha' } }],
  repeats: 2,
};
const specPath = join(tmp, 'spec.json');
writeFileSync(specPath, JSON.stringify(spec));

/** One `run` with `jobs` workers; wall seconds and CPU cores used, from GNU time. */
function once(jobs, round) {
  const out = join(tmp, `j${jobs}-r${round}`);
  const load = loadavg()[0];
  const timeFile = join(tmp, 'time.txt');
  execFileSync(
    '/usr/bin/time',
    ['-o', timeFile, '-f', '%e %U %S', 'node', 'bin/palm-workbench.mjs', 'run', specPath, '--backend', 'wasm'].concat([
      '--jobs',
      String(jobs),
      '--out',
      out,
    ]),
    // The runs' own logs only when one fails (execFileSync then throws with them).
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const [wall, user, sys] = execFileSync('tail', ['-n', '1', timeFile], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .map(Number);
  return { wall, cores: (user + sys) / wall, load: (load + loadavg()[0]) / 2 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`${availableParallelism()} cores; ${steps} steps a run; rounds interleaved`);
const walls = { 1: [], 2: [] };
for (let r = 0; r < rounds; r++) {
  for (const jobs of r % 2 ? [2, 1] : [1, 2]) {
    const m = once(jobs, r);
    walls[jobs].push(m.wall);
    console.log(`--jobs ${jobs}: ${m.wall.toFixed(1)} s, ${m.cores.toFixed(2)} cores used, load ${m.load.toFixed(1)}`);
  }
}
const [j1, j2] = [median(walls[1]), median(walls[2])];
console.log(`median --jobs 1 ${j1.toFixed(1)} s, --jobs 2 ${j2.toFixed(1)} s: ratio ${(j2 / j1).toFixed(2)}`);
