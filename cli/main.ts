// `palm-workbench`: the headless command line of the workbench, one subcommand per job (cli/program.ts).
import { createProgram } from './program';
import { filterTerminalWrites } from './terminal-text';

// Before anything prints: names from files never write control sequences to the terminal.
filterTerminalWrites(process.stdout);
filterTerminalWrites(process.stderr);

await createProgram().parseAsync(process.argv);
