// `palm-workbench`: the headless command line of the workbench, one subcommand per job (cli/program.ts).
import { createProgram } from './program';

await createProgram().parseAsync(process.argv);
