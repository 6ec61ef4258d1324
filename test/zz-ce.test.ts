import * as tf from '@tensorflow/tfjs-core';
import { it } from 'vitest';
import { computeLoss, createParams, disposeParams, forward } from '../core/model';
import { tinyModel, tokens } from './model-helpers';
it('ce', () => {
  for (const o of [{}, { tieEmbeddings: false }, { block: 'serial', norm: 'rmsnorm', activation: 'gelu' }] as const) {
    for (const D of [32, 64]) {
    const m = tinyModel({ ...o, dModel: D, headDim: 8, seqLen: 32 });
    const ces: number[] = []; let sv = 0; let selfl = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const p = createParams(m, seed);
      const x = tokens(8, 32, 256, 100 + seed), y = tokens(8, 32, 256, 200 + seed);
      const { ce, loss, zLoss } = computeLoss(p, m, x, y, { training: false, zLossCoef: 0 });
      ces.push(ce.dataSync()[0]);
      const l = forward(p, m, x, { training: false });
      sv += tf.moments(l).variance.dataSync()[0];
      // logit of the input token itself
      const flat = tf.reshape(l, [256, 256]);
      const own = tf.gather(tf.reshape(flat, [-1]), tf.add(tf.range(0, 256 * 256, 256, 'int32'), tf.reshape(x, [-1])));
      selfl += tf.mean(own).dataSync()[0];
      tf.dispose([ce, loss, zLoss, x, y, l]); disposeParams(p);
    }
    const mean = ces.reduce((a, b) => a + b) / ces.length;
    const sd = Math.sqrt(ces.reduce((a, b) => a + (b - mean) ** 2, 0) / (ces.length - 1));
    console.log(JSON.stringify(o), D, 'mean', mean.toFixed(4), 'sd/seed', sd.toFixed(4), 'std', Math.sqrt(sv / 16).toFixed(4), 'self', (selfl / 16).toFixed(3));
    }
  }
});
