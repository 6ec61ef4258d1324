// docs/cluster.md's Slurm job array, run as a user runs it: the script is read from the docs, submitted to a real
// one-node Slurm (scripts/slurm-up.sh starts one; .ci/run does), and its shards are merged by `report`.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { palm, tinyInput } from './cli-helpers';

/** The first ```sh block under the docs' "## Slurm job array" heading. */
function slurmScriptFromDocs(): string {
  const docs = readFileSync('docs/cluster.md', 'utf8');
  const section = docs.split(/^## /m).find((s) => s.startsWith('Slurm job array'));
  const script = section?.match(/```sh\n([\s\S]*?)```/)?.[1];
  if (!script) throw new Error('docs/cluster.md: no ```sh block under "## Slurm job array"');
  return script;
}

function slurmAnswers(): boolean {
  try {
    return /idle|mixed|allocated/.test(execFileSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

const sbatchWait = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number; out: string }>((done) =>
    execFile(
      'sbatch',
      ['--wait', ...args],
      { env: { ...process.env, ...env }, timeout: 600_000 },
      (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );

describe('docs/cluster.md on a real Slurm', () => {
  it('runs the job array 3 ways and report merges every planned run', { timeout: 660_000 }, async () => {
    if (!slurmAnswers())
      throw new Error('Slurm is not running here: install slurm-wlm and munge, then run scripts/slurm-up.sh as root');
    const dir = mkdtempSync(join(tmpdir(), 'palm-slurm-'));
    const corpus = join(dir, 'corpus.txt');
    writeFileSync(corpus, 'the quick brown fox jumps over the lazy dog. '.repeat(400));
    const spec = join(dir, 'tiny.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'tiny-slurm',
        description: 'serial vs parallel, tiny, for the Slurm test',
        base: tinyInput(corpus),
        variants: [{ name: 'serial', overrides: { 'model.block': 'serial' } }],
      }),
    );
    const script = join(dir, 'sweep.sh');
    writeFileSync(script, slurmScriptFromDocs());
    const out = join(dir, 'sweep');
    // The docs' script as written, sized down on the command line (sbatch's options override its #SBATCH lines).
    const env = { REPO: resolve('.'), SPEC: spec, OUT: out, REPEATS: '2', SHARDS: '3' };
    const job = await sbatchWait(
      ['--array=1-3', '--cpus-per-task=1', '--mem=2G', `--output=${dir}/%A_%a.log`, script],
      env,
    );
    const logs = readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    expect(job.code, `${job.out}\n${logs}`).toBe(0);
    const shards = readdirSync(out)
      .filter((f) => f.startsWith('shard-'))
      .sort();
    expect(shards).toEqual(['shard-1', 'shard-2', 'shard-3']);

    const report = await palm(['report', ...shards.map((s) => join(out, s)), '--out', join(out, 'report')]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).not.toMatch(/not trained/);
    // 2 runs (base, serial) × 2 seeds, each trained by exactly one of the 3 array tasks.
    const merged = JSON.parse(readFileSync(join(out, 'report', 'report.json'), 'utf8')) as { runs: unknown[] };
    expect(merged.runs).toHaveLength(4);
  });
});
