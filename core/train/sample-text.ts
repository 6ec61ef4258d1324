// Text in, text out: a prompt through the run's tokenizer, KV-cache generation (core/model/decode.ts), and back.
import type { ModelConfig } from '../config/schema';
import { decodeCheckpoint } from '../checkpoint';
import { disposeParams, generate, type Params } from '../model';
import { ByteTokenizer, loadTokenizer, type Tokenizer } from '../tokenizer';
import { paramsFromWeights } from './weights';

export interface SampleOptions {
  maxTokens: number;
  temperature: number;
  /** 0 = the whole vocabulary. */
  topK: number;
  seed: number;
  /** Called with the text so far after each generated token (streaming). */
  onText?: (text: string) => void;
}

export interface SampleResult {
  text: string;
  tokensPerSec: number;
}

/** The tokenizer a run trained with: its saved tokenizer.json (or older subword JSON), or bytes. */
function runTokenizer(tokenizerJson: string | undefined, vocabSize?: number): Tokenizer {
  return tokenizerJson === undefined ? new ByteTokenizer() : loadTokenizer(tokenizerJson, vocabSize);
}

/**
 * Continue `prompt`. With learned positions the context cannot pass the position table, so the prompt keeps only
 * its last (maxPositions - maxTokens) tokens; an empty prompt starts from a newline.
 */
export async function sampleText(
  params: Params,
  m: ModelConfig,
  tokenizer: Tokenizer,
  prompt: string,
  opts: SampleOptions,
): Promise<SampleResult> {
  const maxTokens = m.position === 'learned' ? Math.min(opts.maxTokens, m.maxPositions - 1) : opts.maxTokens;
  let ids = Array.from(tokenizer.encode(prompt.length > 0 ? prompt : '\n'));
  if (m.position === 'learned') ids = ids.slice(-(m.maxPositions - maxTokens));
  const result = await generate(params, m, ids, {
    maxTokens,
    temperature: opts.temperature,
    topK: opts.topK > 0 ? opts.topK : undefined,
    seed: opts.seed,
    onToken: opts.onText ? (generated) => opts.onText?.(tokenizer.decode(generated)) : undefined,
  });
  return { text: tokenizer.decode(result.ids), tokensPerSec: result.tokensPerSec };
}

/** Sample from a saved checkpoint (a finished or persisted run): weights loaded for the call, then freed. */
export async function sampleFromCheckpoint(
  checkpoint: Uint8Array,
  tokenizerJson: string | undefined,
  prompt: string,
  opts: SampleOptions,
): Promise<SampleResult> {
  const ckpt = decodeCheckpoint(checkpoint, { allowPrefixes: ['optimizer/'] });
  const params = paramsFromWeights(ckpt.config.model, ckpt.weights);
  try {
    return await sampleText(
      params,
      ckpt.config.model,
      runTokenizer(tokenizerJson ?? ckpt.metadata.tokenizer, ckpt.config.model.vocabSize),
      prompt,
      opts,
    );
  } finally {
    disposeParams(params);
  }
}
