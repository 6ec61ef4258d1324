// Gradients for TensorFlow.js in Node. tfjs-core registers no gradient functions itself, and its ESM
// `register_all_gradients` cannot load under Node's ESM loader (directory imports); the union package's CommonJS
// bundle registers all of them in the shared registry, so Node entries (CLI, node worker, tests) load it once.
// A bundle that already registered them (esbuild resolves the ESM file) skips the load.
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';

if (tf.getGradient('BatchMatMul') === undefined) createRequire(import.meta.url)('@tensorflow/tfjs');
