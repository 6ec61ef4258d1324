// `train --resume` refuses what it cannot continue before it touches a file of the run folder: a finished run,
// another model or optimizer, a weights-only or tampered checkpoint, a non-finite value in the checkpoint (as `eval`
// refuses), a run.json whose config is no longer valid.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from '../core/checkpoint/safetensors';
import { palm, readRecord, snapshotFolder, tinyInput } from './cli-helpers';

let tmp: string;
let done: string;
let corpus: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-resume-'));
  corpus = join(tmp, 'corpus.txt');
  writeFileSync(corpus, 'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n'.repeat(40));
  writeFileSync(join(tmp, 'tiny.json'), JSON.stringify(tinyInput(corpus)));
  done = join(tmp, 'done');
  const r = await palm(['train', '--config', join(tmp, 'tiny.json'), '--backend', 'cpu', '--out', done]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

/** A copy of the finished run folder, changed by `edit`. */
function copyOfDone(name: string, edit: (dir: string) => void = () => undefined): string {
  const dir = join(tmp, name);
  cpSync(done, dir, { recursive: true });
  edit(dir);
  return dir;
}

/** Rewrite the checkpoint's metadata key `key` to `value`, keeping its tensors. */
function setCheckpointMetadata(dir: string, key: string, value: string): void {
  const path = join(dir, 'checkpoint.safetensors');
  const { metadata, tensors } = readSafetensors(readFileSync(path));
  writeFileSync(path, writeSafetensors(tensors, { ...metadata, [key]: value }));
}

/** Set one value of a checkpoint tensor (named, or picked from the names), keeping the rest of the file. */
function setCheckpointValue(
  dir: string,
  name: string | ((names: string[]) => string),
  index: number,
  value: number,
): void {
  const path = join(dir, 'checkpoint.safetensors');
  const { metadata, tensors } = readSafetensors(readFileSync(path));
  const key = typeof name === 'string' ? name : name(Object.keys(tensors));
  const data = Float32Array.from(tensors[key]!.data);
  data[index] = value;
  tensors[key] = { ...tensors[key]!, data };
  writeFileSync(path, writeSafetensors(tensors, metadata));
}

describe('train --resume refuses before touching the folder', () => {
  it.concurrent.each([
    [
      'a finished run without --steps',
      (d: string) => ['--resume', d],
      () => undefined,
      /checkpoint is at step 6 and train.steps is 6/,
    ],
    [
      'another model config',
      (d: string) => {
        const other = join(d, '..', `${d.split('/').at(-1)}-other.json`);
        writeFileSync(
          other,
          JSON.stringify({ ...tinyInput(corpus), model: { ...tinyInput(corpus).model, dModel: 32 } }),
        );
        return ['--resume', d, '--steps', '10', '--config', other];
      },
      () => undefined,
      /model.dModel: checkpoint 16, expected 32/,
    ],
    [
      'a weights-only (init) checkpoint',
      (d: string) => ['--resume', d, '--steps', '10'],
      (d: string) => {
        const path = join(d, 'checkpoint.safetensors');
        const { metadata, tensors } = readSafetensors(readFileSync(path));
        const weights = Object.fromEntries(Object.entries(tensors).filter(([n]) => !n.startsWith('optimizer/')));
        writeFileSync(path, writeSafetensors(weights, { format: metadata.format!, config: metadata.config! }));
      },
      /holds weights only and cannot resume/,
    ],
    [
      'a checkpoint step "abc"',
      (d: string) => ['--resume', d, '--steps', '10'],
      (d: string) => setCheckpointMetadata(d, 'step', 'abc'),
      /checkpoint metadata "step" is "abc": must be a non-negative integer/,
    ],
    [
      'a checkpoint step "-5"',
      (d: string) => ['--resume', d, '--steps', '10'],
      (d: string) => setCheckpointMetadata(d, 'step', '-5'),
      /checkpoint metadata "step" is "-5": must be a non-negative integer/,
    ],
    [
      // As eval refuses one: trained on, the NaN would diverge and relabel the finished run "diverged".
      'a checkpoint holding one NaN in its weights',
      (d: string) => ['--resume', d, '--steps', '10'],
      (d: string) => setCheckpointValue(d, 'embed', 3, NaN),
      /checkpoint\.safetensors: checkpoint tensor "embed" holds 1 non-finite value \(NaN at index 3\); it cannot be trained on/,
    ],
    [
      'a checkpoint holding +Infinity in an optimizer slot',
      (d: string) => ['--resume', d, '--steps', '10'],
      (d: string) => setCheckpointValue(d, (names) => names.find((n) => n.startsWith('optimizer/'))!, 0, Infinity),
      /checkpoint tensor "[^"]+" holds 1 non-finite value \(Infinity at index 0\); it cannot be trained on/,
    ],
    [
      'a run.json whose config is invalid (learning rate -1)',
      (d: string) => ['--resume', d, '--steps', '10'],
      (d: string) => {
        const record = readRecord(d);
        record.config.optimizer.learningRate = -1;
        writeFileSync(join(d, 'run.json'), JSON.stringify(record));
      },
      /run.json.*optimizer.learningRate/s,
    ],
    [
      'an AdamW config for a checkpoint with Adafactor slots',
      (d: string) => {
        const adamw = join(d, '..', `${d.split('/').at(-1)}-adamw.json`);
        writeFileSync(adamw, JSON.stringify(tinyInput(corpus, { name: 'adamw' })));
        return ['--resume', d, '--steps', '10', '--config', adamw];
      },
      () => undefined,
      /optimizer state .* does not match optimizer "adamw"/,
    ],
  ])('%s', async (what, args, edit, message) => {
    const dir = copyOfDone(what.replace(/\W+/g, '-'), edit);
    const before = snapshotFolder(dir);
    const r = await palm(['train', ...args(dir), '--backend', 'cpu']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(snapshotFolder(dir)).toEqual(before);
  });
});
