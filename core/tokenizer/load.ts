// One entry for every trained tokenizer: train by model name, save as tokenizer.json, load any saved file
// (tokenizer.json, or the palm-workbench-bpe JSON of runs made before it).
import { BpeTokenizer } from './bpe';
import { trainBpe } from './bpe-train';
import { fromTokenizerJson, toTokenizerJson, type HfTokenizer } from './hf-json';
import { SubwordTokenizer } from './legacy/bpe';
import { TOKENIZER_FORMAT, tokenizerFromJSON, tokenizerToJSON } from './legacy/json';
import type { Tokenizer } from './types';
import { UnigramTokenizer } from './unigram';
import { trainUnigram, type UnigramTrainOptions } from './unigram-train';

export type SubwordModel = 'bpe' | 'unigram';

export function trainTokenizer(model: SubwordModel, text: string, options: UnigramTrainOptions): HfTokenizer {
  return model === 'bpe' ? trainBpe(text, options) : trainUnigram(text, options);
}

/** The text a run saves for its tokenizer (checkpoints, tokenizer.json); undefined for bytes, which need none. */
export function saveTokenizer(tokenizer: Tokenizer): string | undefined {
  if (tokenizer instanceof BpeTokenizer || tokenizer instanceof UnigramTokenizer) return toTokenizerJson(tokenizer);
  if (tokenizer instanceof SubwordTokenizer) return JSON.stringify(tokenizerToJSON(tokenizer));
  return undefined;
}

/** Whether saved tokenizer text is a Hugging Face tokenizer.json (not the palm-workbench-bpe JSON of old runs). */
export function isHfTokenizerJson(json: string): boolean {
  return (JSON.parse(json) as { format?: unknown }).format !== TOKENIZER_FORMAT;
}

/** A saved tokenizer, either format; vocabSize: ids the model embeds, when known (spare ids decode to nothing). */
export function loadTokenizer(json: unknown, vocabSize?: number): Tokenizer {
  const data = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  if ((data as { format?: unknown } | null)?.format === TOKENIZER_FORMAT) return tokenizerFromJSON(data);
  return fromTokenizerJson(data, vocabSize);
}
