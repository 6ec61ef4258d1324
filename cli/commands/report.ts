// `palm-workbench report`: run folders (or experiment folders holding run folders, or the shard folders of one
// experiment) -> report.html, report.md, metrics.csv and report.json in a report folder, without training anything.
import { INPUT_LIMITS } from '../../core/config/limits';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseReportExperiment, RunRecordError, type RunData } from '../../core/record';
import type { ReportExperiment } from '../../core/report';
import { CliError } from '../errors';
import { readJson } from '../files';
import { findRunFolders, readRunFolder } from '../run-folder';
import { entryExists } from '../safe-open';
import { defaultReportFolder, EXPERIMENT_JSON, writeReports } from '../write-report';
import { checkShards, isShardRecord } from './report-merge';
import { readSpeeds } from './run-speed';

/** The experiment `run --shard` recorded in each of `dirs`, or undefined unless every one has a shard record. */
async function readShardRecords(dirs: string[]) {
  const records = await Promise.all(
    dirs.map(async (dir) => {
      const path = join(dir, EXPERIMENT_JSON);
      return entryExists(path) ? await readJson(path, 'experiment record', INPUT_LIMITS.specBytes) : undefined;
    }),
  );
  return records.every(isShardRecord) ? records : undefined;
}

/** The experiment `run` recorded in `dir`, if it did; a record that fails its schema is refused naming the key. */
async function readExperiment(dir: string): Promise<ReportExperiment | undefined> {
  const path = join(dir, EXPERIMENT_JSON);
  if (!entryExists(path)) return undefined;
  const json = await readJson(path, 'experiment record', INPUT_LIMITS.specBytes);
  try {
    return parseReportExperiment(json, path);
  } catch (e) {
    if (e instanceof RunRecordError) throw new CliError(e.message);
    throw e;
  }
}

export function registerReport(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('report')
    .description('write report.html, report.md, metrics.csv and report.json for run folders or experiment folders')
    .argument('<dirs...>', 'run folders, or folders holding run folders (the output of `run`)')
    .option(
      '--out <dir>',
      'the report folder, replaced as a whole: new, or an earlier report folder (default: <first folder>/report)',
    )
    .action((dirs: string[], opts: { out?: string }) =>
      run(async () => {
        // commander requires at least one <dirs...>.
        const perDir = await Promise.all(dirs.map(findRunFolders));
        const folders = perDir.flat();
        const runs = await Promise.all(folders.map(readRunFolder));
        // One experiment folder, or the shard folders of one, name their experiment; a mix of folders is a
        // comparison of its own.
        const shards = dirs.length > 1 ? await readShardRecords(dirs) : undefined;
        if (shards) {
          const missing = checkShards(shards.map((record, i) => ({ dir: dirs[i]!, record, runFolders: perDir[i]! })));
          if (missing.length > 0) {
            process.stderr.write(`not trained by these shards (${missing.length}): ${missing.join(', ')}\n`);
          }
        }
        const experiment = dirs.length === 1 || shards ? await readExperiment(dirs[0]!) : undefined;
        // Folders that are not shards of one experiment are experiments of their own: their runs never pair.
        const dirOf = new Map(runs.map((r, i) => [r, dirs[perDir.findIndex((f) => f.includes(folders[i]!))]!]));
        const experimentOf = dirs.length > 1 && !shards ? (r: RunData) => dirOf.get(r)! : undefined; // every run read
        // Each shard benched its share of the rungs: their speed.json files together cover the experiment.
        const speeds = experiment && (await readSpeeds(dirs));
        const withSpeeds = experiment && { ...experiment, ...(speeds ? { speeds } : {}) };
        const files = writeReports(opts.out ?? defaultReportFolder(dirs[0]!), runs, withSpeeds, experimentOf);
        process.stderr.write(`report of ${runs.length} run${runs.length === 1 ? '' : 's'}: ${files.join(', ')}\n`);
      }),
    );
}
