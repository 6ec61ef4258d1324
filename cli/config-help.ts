// The config keys under `--help` of every command that reads a config file: key, default and explanation, from the
// schema's .meta() (core/config/settings.ts), the home docs/config.md is generated from too.
import type { Command } from 'commander';
import { listSettings } from '../core/config';

/** The keys as --help prints them, one per line, the explanations aligned. */
export function formatConfigHelp(): string {
  // A derived default is told by the explanation; the others as they read in JSON.
  const rows = listSettings().map((s) => [s.derived ? s.key : `${s.key} = ${s.defaultText}`, s.description] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    '',
    'Config file keys (JSON { model, optimizer, train, data }, every key optional; docs/config.md):',
    ...rows.map(([left, text]) => `  ${left.padEnd(width)}  ${text}`),
  ].join('\n');
}

/** Adds the key list after the help of each command (subcommands included) with a --config option. */
export function addConfigHelp(program: Command): void {
  for (const command of program.commands) {
    if (command.options.some((o) => o.long === '--config')) command.addHelpText('after', formatConfigHelp);
    addConfigHelp(command);
  }
}
