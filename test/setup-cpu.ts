// Unit tests run on the deterministic pure-JS cpu backend (docs/design.md §3).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../core/worker/node-gradients';

// Every test file starts as a new machine with no kept peak (cli/peak-file.ts), and the CLI processes and Slurm jobs
// it starts inherit that: a peak one test calibrated never changes what another measures, nor the user's cache.
process.env.PALM_WORKBENCH_PEAKS ??= join(mkdtempSync(join(tmpdir(), 'palm-peaks-')), 'peaks.json');

// Production mode silences the banner that asks for tfjs-node, a native build this project does not use.
tf.env().set('PROD', true);
await tf.setBackend('cpu');
await tf.ready();
