// Writing inside a chosen folder and nowhere else: hostile names, absolute paths and symbolic links out of the
// folder are refused with a clear error, existing entries are never overwritten.
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkPlainFileName, makeFolderInside, resolveFolder, writeFileInside } from '../electron/ipc/safe-files';
import { listTree, makeTempDir } from './electron-helpers';

describe('safe files', () => {
  test.each([
    '../../etc/passwd',
    '/etc/passwd',
    '..',
    '.',
    '',
    'a/b.html',
    'a\\b.html',
    '..\\..\\evil.html',
    'C:evil.html',
    'nul\0.html',
    'x'.repeat(121),
  ])('refuses the name %j and writes nothing', async (name) => {
    const parent = await makeTempDir();
    const dir = join(parent, 'chosen');
    await mkdir(dir);
    expect(() => checkPlainFileName(name)).toThrow(/only a plain name inside the chosen folder is allowed/);
    await expect(writeFileInside(dir, name, 'x')).rejects.toThrow(/refused file name/);
    await expect(makeFolderInside(dir, name)).rejects.toThrow(/refused file name/);
    expect(await listTree(parent)).toEqual(['chosen']);
  });

  test('writes a plain name directly inside the folder, and never overwrites', async () => {
    const dir = await makeTempDir();
    expect(await writeFileInside(dir, 'report.html', 'one')).toBe(join(dir, 'report.html'));
    expect(await writeFileInside(dir, 'report.html', 'two')).toBe(join(dir, 'report-2.html'));
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toBe('one');
    expect(await readFile(join(dir, 'report-2.html'), 'utf8')).toBe('two');
  });

  test('a symlink at the name that points outside the folder is refused; the outside file is untouched', async () => {
    const dir = await makeTempDir();
    const outside = await makeTempDir();
    await writeFile(join(outside, 'victim.txt'), 'original');
    await symlink(join(outside, 'victim.txt'), join(dir, 'report.html'));
    await expect(writeFileInside(dir, 'report.html', 'evil')).rejects.toThrow(
      /report\.html in .* is a symbolic link to .*victim\.txt, outside the chosen folder/,
    );
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('original');
    expect(await listTree(outside)).toEqual(['victim.txt']);
  });

  test('a dangling symlink pointing outside is refused too (it would create the file outside)', async () => {
    const dir = await makeTempDir();
    const outside = await makeTempDir();
    await symlink(join(outside, 'created-by-attack.txt'), join(dir, 'metrics.csv'));
    await expect(writeFileInside(dir, 'metrics.csv', 'evil')).rejects.toThrow(/outside the chosen folder/);
    expect(await listTree(outside)).toEqual([]);
  });

  test('a relative symlink climbing out with ../ is refused', async () => {
    const parent = await makeTempDir();
    const dir = join(parent, 'chosen');
    await mkdir(dir);
    await symlink('../escaped', join(dir, 'report.md'));
    await expect(writeFileInside(dir, 'report.md', 'evil')).rejects.toThrow(/outside the chosen folder/);
    expect(await listTree(parent)).toEqual(['chosen', join('chosen', 'report.md')]);
  });

  test('a symlink that stays inside the folder is left alone: the next free name is used', async () => {
    const dir = await makeTempDir();
    await writeFile(join(dir, 'target.txt'), 'kept');
    await symlink(join(dir, 'target.txt'), join(dir, 'report.json'));
    expect(await writeFileInside(dir, 'report.json', '{}')).toBe(join(dir, 'report-2.json'));
    expect(await readFile(join(dir, 'target.txt'), 'utf8')).toBe('kept');
  });

  test('the folder must be an absolute path to an existing directory', async () => {
    await expect(resolveFolder('relative/dir')).rejects.toThrow(/not an absolute path/);
    await expect(resolveFolder('/definitely/not/here')).rejects.toThrow(/not an existing directory/);
  });
});
