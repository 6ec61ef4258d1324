// Save and load the byte-level BPE of older runs as JSON (format palm-workbench-bpe, docs/tokenizer-format.md).
// New runs save Hugging Face's tokenizer.json (hf-json.ts); these files stay readable.
/*
 * {
 *   "format": "palm-workbench-bpe",      // fixed
 *   "version": 1,                        // fixed; bumped on any incompatible change
 *   "pretokenizer": "palm-workbench-v1", // the piece rules of legacy/pretokenize.ts
 *   "vocabSize": 1024,                   // ids the model embeds, in [256, 2^21]
 *   "merges": [[32, 116], [104, 101]]    // merge r joins ids a and b (both < 256 + r) into id 256 + r
 * }
 * Ids 0..255 are the UTF-8 byte values (the byte fallback); 256 + merges.length <= vocabSize, spare ids decode to "".
 */
import { PRETOKENIZER_NAME } from './pretokenize';
import { BYTE_TOKENS, MAX_VOCAB_SIZE, SubwordTokenizer, type Merge } from './bpe';

export const TOKENIZER_FORMAT = 'palm-workbench-bpe';
const TOKENIZER_FORMAT_VERSION = 1;

export interface SubwordTokenizerJSON {
  format: typeof TOKENIZER_FORMAT;
  version: typeof TOKENIZER_FORMAT_VERSION;
  pretokenizer: typeof PRETOKENIZER_NAME;
  vocabSize: number;
  merges: [number, number][];
}

export function tokenizerToJSON(tokenizer: SubwordTokenizer): SubwordTokenizerJSON {
  return {
    format: TOKENIZER_FORMAT,
    version: TOKENIZER_FORMAT_VERSION,
    pretokenizer: PRETOKENIZER_NAME,
    vocabSize: tokenizer.vocabSize,
    merges: tokenizer.merges.map(([a, b]) => [a, b]),
  };
}

function fail(field: string, problem: string, value: unknown): never {
  const got = JSON.stringify(value);
  throw new Error(
    `invalid tokenizer JSON: "${field}" ${problem} (got ${got === undefined ? 'nothing' : got.slice(0, 80)})`,
  );
}

/** Parse a JSON string or an already parsed object; throws an Error naming the first bad field. */
export function tokenizerFromJSON(json: unknown): SubwordTokenizer {
  const data = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('(root)', 'must be an object', data);
  const record = data as Record<string, unknown>;
  if (record.format !== TOKENIZER_FORMAT) fail('format', `must be "${TOKENIZER_FORMAT}"`, record.format);
  if (record.version !== TOKENIZER_FORMAT_VERSION)
    fail('version', `must be ${TOKENIZER_FORMAT_VERSION}`, record.version);
  if (record.pretokenizer !== PRETOKENIZER_NAME)
    fail('pretokenizer', `must be "${PRETOKENIZER_NAME}"`, record.pretokenizer);
  const { vocabSize, merges } = record;
  if (
    typeof vocabSize !== 'number' ||
    !Number.isInteger(vocabSize) ||
    vocabSize < BYTE_TOKENS ||
    vocabSize > MAX_VOCAB_SIZE
  ) {
    fail('vocabSize', `must be an integer in [${BYTE_TOKENS}, ${MAX_VOCAB_SIZE}]`, vocabSize);
  }
  if (!Array.isArray(merges)) fail('merges', 'must be an array of [a, b] id pairs', merges);
  if (BYTE_TOKENS + merges.length > vocabSize) {
    fail('merges', `must hold at most vocabSize - ${BYTE_TOKENS} = ${vocabSize - BYTE_TOKENS} merges`, merges.length);
  }
  const checked: Merge[] = merges.map((merge: unknown, rank) => {
    if (!Array.isArray(merge) || merge.length !== 2) fail(`merges[${rank}]`, 'must be a pair [a, b]', merge);
    const newId = BYTE_TOKENS + rank;
    merge.forEach((id: unknown, side) => {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= newId) {
        fail(`merges[${rank}][${side}]`, `must be an integer id below ${newId} (an earlier token)`, id);
      }
    });
    return [merge[0] as number, merge[1] as number];
  });
  return new SubwordTokenizer(vocabSize, checked);
}
