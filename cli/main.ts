// `palm-workbench`: the headless command line of the workbench, one subcommand per job.
import { Command } from 'commander';
import { registerBench } from './commands/bench';
import { registerEval } from './commands/eval';
import { registerFlops } from './commands/flops';
import { registerInit } from './commands/init';
import { registerReport } from './commands/report';
import { registerRun } from './commands/run';
import { registerTokenizer } from './commands/tokenizer';
import { registerTrain } from './commands/train';
import { addConfigHelp } from './config-help';
import { exitWithError } from './errors';
import { filterTerminalWrites } from './terminal-text';

// Before anything prints: names from files never write control sequences to the terminal.
filterTerminalWrites(process.stdout);
filterTerminalWrites(process.stderr);

const program = new Command('palm-workbench')
  .description('PaLM Workbench: train, compare and measure PaLM-style language models (TensorFlow.js)')
  .showHelpAfterError('(add --help for usage)');

let current = '';
/** Run a command body; any error becomes a message on stderr and a non-zero exit code. */
async function run(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (e) {
    exitWithError(current, e);
  }
}
program.hook('preAction', (_root, command) => {
  // A subcommand is named with its parents ("tokenizer train"), the program name left out.
  const names: string[] = [];
  for (let c: Command | null = command; c !== null && c !== program; c = c.parent) names.unshift(c.name());
  current = names.join(' ');
});

registerFlops(program, run);
registerInit(program, run);
registerEval(program, run);
registerTrain(program, run);
registerRun(program, run);
registerReport(program, run);
registerBench(program, run);
registerTokenizer(program, run);
addConfigHelp(program);

await program.parseAsync(process.argv);
