// Each switch in one line: what it changes, and what the PaLM paper claims about it (PALM.md §1), shown under the
// switch so the builder explains itself.

export interface AxisNote {
  explain: string;
  claim: string;
}

export const AXIS_NOTES: Record<string, AxisNote> = {
  block: {
    explain: 'Parallel: attention and MLP read the same normalised input and their outputs are added.',
    claim: '~15% faster training at large scale; small quality loss at 8B, none at 62B.',
  },
  attention: {
    explain: 'How many key/value heads: 1 shared (multi-query), one per query head, or k groups.',
    claim: 'Multi-query is neutral for quality and speed in training and makes decoding much cheaper.',
  },
  position: {
    explain: 'RoPE rotates queries and keys by position; learned adds a trained vector per position.',
    claim: 'RoPE does better than learned absolute positions, especially on long sequences.',
  },
  optimizer: {
    explain:
      'Adafactor scales each update by its parameter’s size and can factor second moments; AdamW keeps two moments per parameter.',
    claim: 'Adafactor keeps less optimizer state than Adam, with a slight effect on accuracy.',
  },
  activation: {
    explain: 'SwiGLU gates the MLP (three matrices); the GELU-sized variant shrinks F to match GELU’s parameters.',
    claim: 'SwiGLU significantly improves quality over GELU/ReLU (Shazeer 2020).',
  },
  bias: {
    explain: 'Biases in dense layers and LayerNorms, or none.',
    claim: 'No biases improves training stability for large models.',
  },
  tieEmbeddings: {
    explain: 'One matrix embeds tokens and scores the output, or a separate output matrix.',
    claim: 'Shared input/output embeddings (PaLM’s choice).',
  },
  zLoss: {
    explain: 'Adds 1e-4 · log²Z to the loss, keeping the softmax normaliser near 1.',
    claim: 'Z-loss improves training stability.',
  },
  vocabulary: {
    explain: 'Raw bytes, or a subword vocabulary (BPE or unigram) trained on the corpus, with byte fallback.',
    claim: 'A lossless subword vocabulary with byte fallback (PaLM: 256k tokens).',
  },
};
