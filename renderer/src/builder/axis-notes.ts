// Each switch in one line: what it changes in the model, shown under the switch beside the paper's claim, which comes
// from the claims table (core/claims/claims.ts) so the builder, reports and paper panel say the same thing.

export const AXIS_EXPLANATIONS: Record<string, string> = {
  block: 'Parallel: attention and MLP read the same normalised input and their outputs are added.',
  attention: 'How many key/value heads: 1 shared (multi-query), one per query head, or k groups.',
  position: 'RoPE rotates queries and keys by position; learned adds a trained vector per position.',
  optimizer:
    'Adafactor scales each update by its parameter’s size and can factor second moments; AdamW keeps two moments per parameter. Compared, each runs at its own learning rate and schedule.',
  activation: 'SwiGLU gates the MLP (three matrices); the GELU-sized variant shrinks F to match GELU’s parameters.',
  bias: 'Biases in dense layers and LayerNorms, or none.',
  tieEmbeddings: 'One matrix embeds tokens and scores the output, or a separate output matrix.',
  zLoss: 'Adds 1e-4 · log²Z to the loss, keeping the softmax normaliser near 1.',
  vocabulary: 'Raw bytes, or a subword vocabulary (BPE or unigram) trained on the corpus, with byte fallback.',
};
