// Unit tests run on the deterministic pure-JS cpu backend (DESIGN.md §3).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

await tf.setBackend('cpu');
await tf.ready();
