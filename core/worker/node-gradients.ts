// Gradients for TensorFlow.js in Node. tfjs-core registers no gradient functions itself, and its ESM
// `register_all_gradients` cannot load under Node's ESM loader (directory imports); the union package's CommonJS
// bundle registers all of them in the shared registry, so Node entries (CLI, node worker, tests) load it once.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('@tensorflow/tfjs');
