// Opening and saving experiment specs without Electron: the dialogs are stand-ins, the files are real. Specs are
// validated both ways; hostile senders, oversized or malformed payloads are refused and nothing is written.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { MAX_SPEC_BYTES, openExperiment, saveExperiment, suggestSpecFileName } from '../electron/ipc/experiment-files';
import { openRunsFolder } from '../electron/ipc/runs-folder';
import { HOSTILE_SENDERS, listTree, makeTempDir, POLICY, TRUSTED } from './electron-helpers';

const SPEC_FILE = 'experiments/mha-vs-mqa.json';
const readSpec = async () => JSON.parse(await readFile(SPEC_FILE, 'utf8')) as Record<string, unknown>;

describe('open experiment', () => {
  test('reads and validates the chosen spec', async () => {
    const result = await openExperiment(TRUSTED, { policy: POLICY, chooseFile: async () => SPEC_FILE });
    expect(result).toMatchObject({ canceled: false, fileName: 'mha-vs-mqa.json', spec: await readSpec() });
    if (result.canceled) throw new Error('unreachable');
    expect(result.experiment.baseName).toBe('mqa');
    expect(result.experiment.variants.map((v) => v.name)).toEqual(['mha', 'gqa']);
  });

  test('a canceled dialog returns canceled', async () => {
    expect(await openExperiment(TRUSTED, { policy: POLICY, chooseFile: async () => null })).toEqual({ canceled: true });
  });

  test.each(HOSTILE_SENDERS)('refuses %s without opening a dialog', async (_what, sender, message) => {
    const chooseFile = vi.fn(async () => SPEC_FILE);
    await expect(openExperiment(sender, { policy: POLICY, chooseFile })).rejects.toThrow(message);
    expect(chooseFile).not.toHaveBeenCalled();
  });

  test.each([
    ['not JSON', '{ "name": ', /bad\.json is not valid JSON/],
    [
      'an invalid spec',
      JSON.stringify({ name: 'x', base: { model: { attention: 'nope' } } }),
      /not a valid experiment spec:\nbad\.json: base\.model\.attention: must be one of/,
    ],
    ['an unknown key', JSON.stringify({ name: 'x', path: '/etc/passwd' }), /unknown key "path"/],
  ])('refuses a file that is %s', async (_what, text, message) => {
    const dir = await makeTempDir();
    await writeFile(join(dir, 'bad.json'), text);
    await expect(
      openExperiment(TRUSTED, { policy: POLICY, chooseFile: async () => join(dir, 'bad.json') }),
    ).rejects.toThrow(message);
  });

  test('refuses a file over the size limit and a folder', async () => {
    const dir = await makeTempDir();
    await writeFile(join(dir, 'huge.json'), `{"name":"x","description":"${'x'.repeat(MAX_SPEC_BYTES)}"}`);
    await expect(
      openExperiment(TRUSTED, { policy: POLICY, chooseFile: async () => join(dir, 'huge.json') }),
    ).rejects.toThrow(/huge\.json is \d+ bytes; an experiment spec may be at most 1048576/);
    await expect(openExperiment(TRUSTED, { policy: POLICY, chooseFile: async () => dir })).rejects.toThrow(
      /is not a file/,
    );
  });
});

describe('save experiment', () => {
  test('validates, suggests a name from the spec, and writes the spec as given to the chosen path', async () => {
    const dir = await makeTempDir();
    const spec = await readSpec();
    const chooseSavePath = vi.fn(async (name: string) => join(dir, name));
    expect(await saveExperiment(TRUSTED, spec, { policy: POLICY, chooseSavePath })).toEqual({
      canceled: false,
      fileName: 'mha-vs-mqa.json',
    });
    expect(chooseSavePath).toHaveBeenCalledWith('mha-vs-mqa.json');
    expect(JSON.parse(await readFile(join(dir, 'mha-vs-mqa.json'), 'utf8'))).toEqual(spec);
  });

  test('writes exactly the path the user confirmed, nothing else; a canceled dialog writes nothing', async () => {
    const dir = await makeTempDir();
    const spec = await readSpec();
    await writeFile(join(dir, 'mine.json'), 'kept');
    expect(
      await saveExperiment(TRUSTED, spec, { policy: POLICY, chooseSavePath: async () => join(dir, 'mine') }),
    ).toEqual({ canceled: false, fileName: 'mine' });
    expect(await saveExperiment(TRUSTED, spec, { policy: POLICY, chooseSavePath: async () => null })).toEqual({
      canceled: true,
    });
    expect(await listTree(dir)).toEqual(['mine', 'mine.json']);
    expect(await readFile(join(dir, 'mine.json'), 'utf8')).toBe('kept');
    expect(JSON.parse(await readFile(join(dir, 'mine'), 'utf8'))).toEqual(spec);
  });

  test('the suggested name holds no path, whatever the spec is called', () => {
    expect(suggestSpecFileName({ name: '../../etc/passwd' })).toBe('etc-passwd.json');
    expect(suggestSpecFileName({ name: '/abs/olute' })).toBe('abs-olute.json');
    expect(suggestSpecFileName({ name: '...' })).toBe('experiment.json');
    expect(suggestSpecFileName('not an object')).toBe('experiment.json');
  });

  test.each(HOSTILE_SENDERS)('refuses %s without opening a dialog', async (_what, sender, message) => {
    const chooseSavePath = vi.fn(async () => '/tmp/never.json');
    await expect(saveExperiment(sender, await readSpec(), { policy: POLICY, chooseSavePath })).rejects.toThrow(message);
    expect(chooseSavePath).not.toHaveBeenCalled();
  });

  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic.self = cyclic;
  test.each([
    ['a string', '../../etc/passwd', /not a valid experiment spec:\nexperiment: \(root\): /],
    ['a number', 42, /not a valid experiment spec/],
    ['undefined', undefined, /the spec is not JSON data/],
    ['a cyclic object', cyclic, /the spec is not JSON data \(Converting circular structure/],
    [
      'a spec with an impossible config',
      { name: 'x', base: { model: { nHeads: 0 } } },
      /base\.model\.nHeads: must be a positive integer/,
    ],
    ['a spec with a path key', { name: 'x', file: '/etc/passwd' }, /unknown key "file"/],
    [
      'an oversized spec',
      { name: 'x', description: 'x'.repeat(MAX_SPEC_BYTES) },
      /the spec is \d+ bytes; at most 1048576/,
    ],
  ])('refuses %s without opening a dialog', async (_what, payload, message) => {
    const chooseSavePath = vi.fn(async () => '/tmp/never.json');
    await expect(saveExperiment(TRUSTED, payload, { policy: POLICY, chooseSavePath })).rejects.toThrow(message);
    expect(chooseSavePath).not.toHaveBeenCalled();
  });
});

describe('open runs folder', () => {
  test('creates the folder the main process chose and opens it', async () => {
    const runsDir = join(await makeTempDir(), 'PaLM Workbench', 'runs');
    const openPath = vi.fn(async () => '');
    await openRunsFolder(TRUSTED, { policy: POLICY, runsDir, openPath });
    expect(openPath).toHaveBeenCalledWith(runsDir);
    expect(await listTree(join(runsDir, '..'))).toEqual(['runs']);
  });

  test('says why when the file manager cannot open it, and refuses a wrong sender', async () => {
    const runsDir = await makeTempDir();
    await expect(
      openRunsFolder(TRUSTED, { policy: POLICY, runsDir, openPath: async () => 'no file manager' }),
    ).rejects.toThrow(/could not open .*: no file manager/);
    const openPath = vi.fn(async () => '');
    await expect(openRunsFolder(HOSTILE_SENDERS[0]![1], { policy: POLICY, runsDir, openPath })).rejects.toThrow(
      /did not come from the main window/,
    );
    expect(openPath).not.toHaveBeenCalled();
  });
});
