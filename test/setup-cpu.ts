// Unit tests run on the deterministic pure-JS cpu backend (docs/design.md §3).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../core/worker/node-gradients';

// Production mode silences the banner that asks for tfjs-node, a native build this project does not use.
tf.env().set('PROD', true);
await tf.setBackend('cpu');
await tf.ready();
