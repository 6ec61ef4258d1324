// The train/validation split: the tail of the token stream is held out (deterministic, no shuffling), so validation
// text is text the model never trained on, not windows interleaved with training ones.

export interface TokenSplit {
  train: Int32Array;
  val: Int32Array;
}

/** Hold out the last round(valFraction · n) tokens; both parts need a full window of seqLen + 1 tokens. */
export function splitTokens(ids: Int32Array, valFraction: number, seqLen: number): TokenSplit {
  if (!(valFraction > 0 && valFraction < 1)) throw new RangeError(`valFraction must be in (0, 1) (got ${valFraction})`);
  const valCount = Math.round(ids.length * valFraction);
  const trainCount = ids.length - valCount;
  const window = seqLen + 1;
  if (valCount < window) {
    throw new Error(
      `validation split too small: ${valCount} tokens (valFraction ${valFraction} of ${ids.length}), ` +
        `need at least seqLen + 1 = ${window}; use more text or a larger data.valFraction`,
    );
  }
  if (trainCount < window) {
    throw new Error(
      `training split too small: ${trainCount} tokens, need at least seqLen + 1 = ${window}; use more text`,
    );
  }
  // Copies, not views: each part can be transferred to a worker on its own.
  return { train: ids.slice(0, trainCount), val: ids.slice(trainCount) };
}
