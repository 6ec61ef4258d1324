// `node scripts/cli-docs.mjs`: rewrites the help blocks of docs/cli.md from the commands' own definitions
// (cli/help-reference.ts); test/cli-docs.test.ts fails while the page is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createProgram } = await import('../cli/program.ts');
const { helpPages, renderHelpBlocks } = await import('../cli/help-reference.ts');
const file = join(root, 'docs', 'cli.md');
const before = readFileSync(file, 'utf8');
const after = renderHelpBlocks(before, helpPages(createProgram()));
if (after !== before) writeFileSync(file, after);
console.log(after === before ? 'docs/cli.md is up to date' : 'docs/cli.md: help blocks rewritten');
