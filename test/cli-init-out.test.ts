// `init --out` (docs/design.md §2 "Atomic outputs"): a new path is written atomically; an existing file is replaced
// only with --force; a symbolic link is refused (never followed, even with --force) and so is the command's own
// --config (by path or by a hard link to it), each leaving every file as it was.
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../core/checkpoint';
import { palm, tinyInput } from './cli-helpers';

let tmp: string;
let config: string;
let configText: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-init-'));
  config = join(tmp, 'tiny.json');
  configText = JSON.stringify(tinyInput(join(tmp, 'corpus.txt')));
  writeFileSync(config, configText);
});

const init = (out: string, ...extra: string[]) => palm(['init', '--config', config, '--out', out, ...extra]);
const isCheckpoint = (path: string) => decodeCheckpoint(new Uint8Array(readFileSync(path))).weights.embed !== undefined;

describe('init --out', () => {
  it.concurrent('writes a new path, leaving no temporary file', async () => {
    mkdirSync(join(tmp, 'fresh')); // its own folder: the other tests write beside `tmp` at the same time
    const out = join(tmp, 'fresh', 'new.safetensors');
    const r = await init(out);
    expect(r.code, r.stderr).toBe(0);
    expect(isCheckpoint(out)).toBe(true);
    expect(readdirSync(join(tmp, 'fresh'))).toEqual(['new.safetensors']);
  });

  it.concurrent('refuses an existing file unless --force, then replaces it', async () => {
    const out = join(tmp, 'taken.safetensors');
    writeFileSync(out, 'keep me');
    const refused = await init(out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /cannot write checkpoint ".*taken.safetensors": it exists; give --force to replace it/,
    );
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const forced = await init(out, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(isCheckpoint(out)).toBe(true);
  });

  it.concurrent('refuses a symbolic link even with --force, creating and changing nothing', async () => {
    const victim = join(tmp, 'victim.txt');
    writeFileSync(victim, 'victim');
    symlinkSync(victim, join(tmp, 'to-victim.safetensors'));
    symlinkSync(join(tmp, 'created-by-link'), join(tmp, 'dangling.safetensors'));
    for (const link of ['to-victim.safetensors', 'dangling.safetensors']) {
      const r = await init(join(tmp, link), '--force');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/it is a symbolic link, not a regular file; outputs are never written through a link/);
    }
    expect(readFileSync(victim, 'utf8')).toBe('victim');
    expect(existsSync(join(tmp, 'created-by-link'))).toBe(false);
  });

  it.concurrent('refuses its own --config, by path or by a hard link, even with --force', async () => {
    linkSync(config, join(tmp, 'hard-link.json'));
    for (const out of [config, join(tmp, 'hard-link.json')]) {
      const r = await init(out, '--force');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/it is the config ".*tiny.json" this command reads/);
    }
    expect(readFileSync(config, 'utf8')).toBe(configText);
  });
});
