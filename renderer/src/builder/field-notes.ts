// Every settings field in words: its label, a one-line explanation, and for optimizer settings the optimizer they
// belong to (the form shows AdamW's or Adafactor's only when that optimizer is in the plan).

export interface FieldNote {
  label: string;
  explain: string;
  /** Shown only when this optimizer runs. */
  optimizer?: 'adamw' | 'adafactor';
}

const adamw = (label: string, explain: string): FieldNote => ({ label: `AdamW ${label}`, explain, optimizer: 'adamw' });
const adafactor = (label: string, explain: string): FieldNote => ({
  label: `Adafactor ${label}`,
  explain,
  optimizer: 'adafactor',
});

export const FIELD_NOTES: Record<string, FieldNote> = {
  'model.vocabSize': { label: 'Vocabulary size', explain: 'Tokens the model knows; 256 for bytes.' },
  'model.dModel': { label: 'Width (d_model)', explain: 'Size of every hidden vector.' },
  'model.nLayers': { label: 'Layers', explain: 'Transformer blocks stacked.' },
  'model.nHeads': { label: 'Attention heads', explain: 'Query heads per layer.' },
  'model.headDim': { label: 'Head size', explain: 'Width of each head; even with RoPE.' },
  'model.ffnMult': { label: 'MLP width × d_model', explain: 'MLP hidden width F = this × d_model (PaLM: 4).' },
  'model.seqLen': { label: 'Context length', explain: 'Tokens per training sequence.' },
  'model.maxPositions': { label: 'Position table rows', explain: 'Learned positions only; empty = context length.' },
  'model.norm': { label: 'Normalisation', explain: 'LayerNorm (PaLM, no bias) or RMSNorm.' },
  'model.dropout': { label: 'Dropout', explain: 'PaLM trains without dropout (0).' },
  'model.normEps': { label: 'Norm epsilon', explain: 'Added to the variance in every norm.' },
  'optimizer.learningRate': { label: 'Learning rate', explain: 'Peak rate; rsqrt uses min(lr, 1/√step) (PaLM: 1e-2).' },
  'optimizer.schedule': { label: 'Schedule', explain: 'rsqrt decay (PaLM), constant, or cosine to a floor.' },
  'optimizer.warmupSteps': { label: 'Warm-up steps', explain: 'Linear ramp from 0 to the rate.' },
  'optimizer.minLrRatio': { label: 'Cosine floor', explain: 'Cosine ends at this fraction of the rate.' },
  'optimizer.clipNorm': { label: 'Gradient clipping', explain: 'Global-norm threshold (PaLM: 1); 0 = off.' },
  'optimizer.beta1': { label: 'Momentum β₁', explain: 'First-moment decay; empty = none (Adafactor).' },
  'optimizer.beta2': adamw('β₂', 'Second-moment decay.'),
  'optimizer.eps': adamw('ε', 'Added to the denominator.'),
  'optimizer.weightDecay': adamw('weight decay', 'Decoupled decay of matrices.'),
  'optimizer.factored': adafactor('factored moments', 'Row/column second moments for matrices (PaLM: off).'),
  'optimizer.minDimSizeToFactor': adafactor('factor from size', 'Matrices smaller than this stay unfactored.'),
  'optimizer.decayRate': adafactor('decay rate', 'Second-moment decay 1 − k^(−rate).'),
  'optimizer.clippingThreshold': adafactor('update clipping', 'RMS cap on each update.'),
  'optimizer.multiplyByParameterScale': adafactor('relative step', 'Scale updates by the parameter RMS.'),
  'optimizer.eps1': adafactor('ε₁', 'Added to squared gradients.'),
  'optimizer.eps2': adafactor('ε₂', 'Floor of the parameter scale.'),
  'optimizer.weightDecayLrExponent': adafactor('decay exponent', 'Weight decay = lr^this (PaLM: 2); empty = none.'),
  'train.batchSize': { label: 'Batch size', explain: 'Sequences per step.' },
  'train.steps': { label: 'Steps', explain: 'Optimizer steps to train.' },
  'train.seed': { label: 'Seed', explain: 'Same seed, same initial weights and batches.' },
  'train.logEvery': { label: 'Log every', explain: 'Steps between logged points.' },
  'train.evalEvery': { label: 'Evaluate every', explain: 'Steps between validation losses.' },
  'train.evalBatches': { label: 'Eval batches', explain: 'Batches per validation loss.' },
  'train.checkpointEvery': { label: 'Checkpoint every', explain: 'Steps between saved checkpoints.' },
  'train.peakTflops': { label: 'Nominal peak TFLOP/s', explain: 'For MFU; empty = the calibrated peak.' },
  'data.corpus': { label: 'Corpus', explain: 'Moby-Dick, State of the Union addresses, or a file.' },
  'data.path': { label: 'File', explain: 'A UTF-8 text file (corpus "file").' },
  'data.valFraction': { label: 'Held-out fraction', explain: 'Tail of the corpus kept for validation.' },
  'data.maxBytes': { label: 'Use first bytes', explain: 'Train on this many bytes; empty = all.' },
};

export function readFieldNote(key: string): FieldNote {
  return FIELD_NOTES[key] ?? { label: key, explain: '' };
}
