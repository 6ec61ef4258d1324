// Every repository path that the reference pages (README.md, docs/*.md) or a code comment names exists, so a moved or
// deleted file cannot leave a pointer to nothing behind (docs/design.md §4: comments cite docs and files by path).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
/** Folders the build and the tests write (.gitignore): named by the docs, absent from a fresh checkout. */
const GENERATED = ['renderer/dist', 'dist-electron', 'test/e2e/screenshots'];
/** A path from the repository root: a top-level folder, then names; not part of a longer path or URL. */
const PATH = /(?<![\w./-])(?:core|cli|renderer|electron|test|scripts|docs|experiments|bin)\/[\w./*{},-]*[\w/*}]/g;
const COMMENT = /(?:\/\/|^\s*\*|^\s*#|\/\*)(.*)$/;

/**
 * The paths named in some text that do not exist. A module path may leave out its extension (core/tokenizer/bpe);
 * placeholders (test/golden/NAME.py) and globs (core/tokenizer/bpe*.ts) are not paths.
 */
function missingPaths(text: string, exists: (path: string) => boolean): string[] {
  const missing = [...text.matchAll(PATH)]
    .map((m) => m[0].replace(/[.]+$/, ''))
    .filter((p) => !/[A-Z]{3,}|[*{]/.test(p) && !GENERATED.some((g) => p === g || p.startsWith(`${g}/`)))
    .filter((p) => !exists(p));
  return [...new Set(missing)];
}

const isFile = (path: string) => ['', '.ts', '.tsx'].some((ext) => existsSync(join(root, `${path}${ext}`)));
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
const pages = tracked.filter((f) => f === 'README.md' || /^docs\/[^/]+\.md$/.test(f));
const sources = tracked.filter((f) =>
  /^(core|cli|renderer|electron|test|scripts|bin)\/.*\.(ts|tsx|mjs|js|sh)$/.test(f),
);

describe('paths named in docs and comments', () => {
  test('finds a missing path and lets real ones, generated folders and placeholders through', () => {
    const text =
      'see core/model/gone.ts, docs/design.md, renderer/dist/, test/golden/NAME.py, core/worker/node-*.ts, ' +
      'core/tokenizer/{bpe,unigram}.ts and /usr/bin/chromium.';
    expect(missingPaths(text, (p) => p === 'docs/design.md')).toEqual(['core/model/gone.ts']);
  });

  test.each(pages)('%s names only paths that exist', (page) => {
    expect(missingPaths(readFileSync(join(root, page), 'utf8'), isFile)).toEqual([]);
  });

  test('code comments name only paths that exist', () => {
    const missing = sources.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => {
          const comment = COMMENT.exec(line)?.[1];
          return comment === undefined ? [] : missingPaths(comment, isFile).map((p) => `${file}:${i + 1}: ${p}`);
        }),
    );
    expect(missing).toEqual([]);
  });
});
