// The training worker thread's bootstrap: a worker does not inherit the main thread's tsx loader, so it registers
// its own before loading the TypeScript entry (core/worker/node-entry.ts).
import { register } from 'tsx/esm/api';

register();
await import('../core/worker/node-entry.ts');
