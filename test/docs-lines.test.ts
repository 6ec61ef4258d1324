// The reference pages read in a plain editor and in a terminal: no line of README.md or docs/*.md is longer than
// Prettier's print width (120, .prettierrc), tables and code blocks included (docs/design.md §4).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const MAX = 120;
const root = join(import.meta.dirname, '..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** "file:line (n characters)" for every line over the limit, counting characters (code points), not bytes. */
function longLines(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => {
    const length = [...line].length;
    return length > MAX ? [`${file}:${i + 1} (${length} characters)`] : [];
  });
}

describe('line length of the docs', () => {
  test('finds a planted long line and counts characters, not bytes', () => {
    expect(longLines('x.md', `ok\n${'a'.repeat(121)}\n${'é'.repeat(120)}`)).toEqual(['x.md:2 (121 characters)']);
  });

  test.each(pages)('%s has no line over 120 characters', (file) => {
    expect(longLines(file, readFileSync(join(root, file), 'utf8'))).toEqual([]);
  });
});
