// docs/cli.md shows every command's --help as the command defines it: the page's help blocks equal what
// cli/help-reference.ts renders now (`node scripts/cli-docs.mjs` rewrites them), and every command has one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { HELP_WIDTH, helpPages, renderHelpBlocks } from '../cli/help-reference';
import { createProgram } from '../cli/program';

const page = readFileSync(join(import.meta.dirname, '..', 'docs', 'cli.md'), 'utf8');
const pages = helpPages(createProgram());

describe('docs/cli.md', () => {
  test('lists every leaf command, wrapped to the page width', () => {
    expect([...pages.keys()]).toEqual([
      'flops',
      'init',
      'eval',
      'train',
      'run',
      'report',
      'bench',
      'tokenizer train',
      'tokenizer encode',
      'tokenizer stats',
    ]);
    for (const help of pages.values()) {
      for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(HELP_WIDTH);
    }
    expect(pages.get('run')).toContain('--shard <i/n>');
  });

  test('holds the current help of every command (run `node scripts/cli-docs.mjs` when this fails)', () => {
    expect(renderHelpBlocks(page, pages)).toBe(page);
  });

  test('refuses a page that lacks a command or names one that does not exist', () => {
    const withoutRun = page.replace('<!-- help: run -->', '<!-- run -->');
    expect(() => renderHelpBlocks(withoutRun, pages)).toThrow('no help block for run');
    const stray = `${page}\n<!-- help: serve -->\n<!-- /help -->\n`;
    expect(() => renderHelpBlocks(stray, pages)).toThrow('"serve", which is not a command');
  });

  test('replaces a stale block with the command help', () => {
    const stale = page.replace(/(<!-- help: init -->\n)[\s\S]*?(<!-- \/help -->)/, '$1old text\n$2');
    expect(stale).not.toBe(page);
    expect(renderHelpBlocks(stale, pages)).toBe(page);
  });
});
