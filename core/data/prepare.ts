// From the data section of a config to token ids: load the corpus, cut it to maxBytes, build the tokenizer, split.
// The single entry the trainer calls (docs/design.md §1 data/); file reading is the caller's, core has no file system.
import type { DataConfig, ModelConfig } from '../config/schema';
import { ByteTokenizer } from '../tokenizer/byte';
import { loadTokenizer, trainTokenizer } from '../tokenizer/load';
import type { Tokenizer } from '../tokenizer/types';
import { corpusFromBytes, loadCorpus, truncateToBytes } from './corpora';
import { splitTokens } from './split';

export interface PreparedData {
  tokenizer: Tokenizer;
  train: Int32Array;
  val: Int32Array;
  /** "moby-dick", "sotu" or the file path. */
  sourceName: string;
  /** UTF-8 bytes of the text used, after maxBytes. */
  bytes: number;
}

export interface PrepareOptions {
  /** Reads a user file (data.corpus "file"): fs in Node, the preload API in Electron. */
  readFile?: (path: string) => Promise<Uint8Array>;
  /**
   * The saved tokenizer of a run being resumed: used instead of training a new one, so the run keeps its ids (and
   * a run made before tokenizer.json keeps its byte-level BPE, though "subword" now trains the character-level one).
   */
  savedTokenizer?: string;
}

export async function prepareData(
  data: DataConfig,
  model: Pick<ModelConfig, 'vocabSize' | 'seqLen'>,
  options: PrepareOptions = {},
): Promise<PreparedData> {
  // With byte tokens the validation tail needs valFraction · bytes ≥ seqLen + 1; subword tokens are checked at the split.
  const minBytes = Math.ceil((model.seqLen + 1) / data.valFraction);
  const { text: fullText, sourceName } = await loadText(data, minBytes, options);
  const text = data.maxBytes === null ? fullText : truncateToBytes(fullText, data.maxBytes);
  const bytes = new TextEncoder().encode(text).length;
  if (bytes < minBytes) {
    const cut = data.maxBytes === null ? '' : ` (data.maxBytes ${data.maxBytes})`;
    throw new Error(
      `${sourceName}: ${bytes} bytes of text${cut} are too few: seqLen ${model.seqLen} with valFraction ${data.valFraction} needs at least ${minBytes}`,
    );
  }
  const tokenizer =
    options.savedTokenizer !== undefined && data.tokenizer !== 'byte'
      ? loadTokenizer(options.savedTokenizer, model.vocabSize)
      : buildTokenizer(data, model.vocabSize, text);
  const { train, val } = splitTokens(Int32Array.from(tokenizer.encode(text)), data.valFraction, model.seqLen);
  return { tokenizer, train, val, sourceName, bytes };
}

async function loadText(
  data: DataConfig,
  minBytes: number,
  options: PrepareOptions,
): Promise<{ text: string; sourceName: string }> {
  if (data.corpus !== 'file') return { text: await loadCorpus(data.corpus), sourceName: data.corpus };
  if (data.path === undefined) throw new Error('data.path is required with data.corpus "file"');
  if (options.readFile === undefined)
    throw new Error(`data.corpus is "file" (${data.path}) but no readFile was given to prepareData`);
  return { text: corpusFromBytes(await options.readFile(data.path), data.path, minBytes), sourceName: data.path };
}

/** A trained tokenizer learns only from the training part, so no validation text shapes the vocabulary. */
function buildTokenizer(data: DataConfig, vocabSize: number, text: string): Tokenizer {
  if (data.tokenizer === 'byte') return new ByteTokenizer();
  const trainText = text.slice(0, Math.floor(text.length * (1 - data.valFraction)));
  return trainTokenizer(data.tokenizer, trainText, { vocabSize });
}
