// Hugging Face tokenizer.json (and tokenizer_config.json) for the BPE and unigram models, written and read, so a
// vocabulary trained here works with the tokenizers libraries (Rust/Python `tokenizers`, `@huggingface/tokenizers`).
// Format and the reasons for each choice: docs/tokenizer-format.md. The reader accepts what the writer writes.
import { z } from 'zod';
import { BpeTokenizer } from './bpe';
import { BYTE_PIECES, bytePieceName, fromByteLevel, toByteLevel } from './byte-pieces';
import { UnigramTokenizer } from './unigram';
import { WORD_PATTERN } from './words';

const split = { type: 'Split', pattern: { Regex: WORD_PATTERN }, behavior: 'Isolated', invert: false } as const;
// ByteLevel without its own regex: it only spells each byte as a printable character (GPT-2's table).
const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false } as const;
const bpeDecoder = { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, { type: 'Fuse' }] } as const;
const frame = { version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null } as const;

/**
 * BPE with byte_fallback, as SentencePiece's BPE converted by Hugging Face: characters without a piece become
 * their `<0xNN>` pieces (ids 0..255). Spaces stay spaces inside pieces (no ▁ rewriting, so a ▁ in the text is kept).
 */
function bpeJson(tokenizer: BpeTokenizer): object {
  const vocab: Record<string, number> = {};
  for (let byte = 0; byte < BYTE_PIECES; byte++) vocab[bytePieceName(byte)] = byte;
  tokenizer.pieces.forEach((piece, i) => (vocab[piece] = BYTE_PIECES + i));
  return {
    ...frame,
    pre_tokenizer: split,
    post_processor: null,
    decoder: bpeDecoder,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: true,
      ignore_merges: false,
      vocab,
      merges: tokenizer.merges.map(([a, b]) => [a, b]),
    },
  };
}

/**
 * Unigram over the ByteLevel alphabet: every byte is a piece, so no reader needs a fallback. (A Unigram with
 * byte_fallback over characters would be SentencePiece's own layout, but @huggingface/tokenizers 0.2 ignores
 * byte_fallback for Unigram and emits <unk>: huggingface/tokenizers.js#26.) Same cuts as over characters, since
 * the byte pieces of characters that have a piece score below every piece (unigram-train.ts).
 */
function unigramJson(tokenizer: UnigramTokenizer): object {
  return {
    ...frame,
    pre_tokenizer: { type: 'Sequence', pretokenizers: [split, byteLevel] },
    post_processor: null,
    decoder: byteLevel,
    model: {
      type: 'Unigram',
      unk_id: null,
      byte_fallback: false,
      vocab: tokenizer.pieces.map((bytes, id) => [toByteLevel(bytes), tokenizer.scores[id]]),
    },
  };
}

export type HfTokenizer = BpeTokenizer | UnigramTokenizer;

/** tokenizer.json as text. */
export function toTokenizerJson(tokenizer: HfTokenizer): string {
  return JSON.stringify(tokenizer.model === 'bpe' ? bpeJson(tokenizer) : unigramJson(tokenizer));
}

/** How a tokenizer was trained, kept in tokenizer_config.json under "palm_workbench" (other readers ignore it). */
export interface TrainingRecord {
  model: 'bpe' | 'unigram';
  source: string;
  trainBytes: number;
  trainMs: number;
  /** SHA-256 (hex) of the tokenizer.json beside it: a reader tells a pair a crash left half-replaced. */
  tokenizerSha256?: string;
}

/**
 * tokenizer_config.json, the same for both models: the tokenizer class transformers should use, and no clean-up of
 * spaces on decode (the default rewrites " ." to ".", which would break lossless decoding).
 */
export function toTokenizerConfigJson(training?: TrainingRecord): string {
  return JSON.stringify({
    tokenizer_class: 'PreTrainedTokenizerFast',
    clean_up_tokenization_spaces: false,
    model_input_names: ['input_ids'],
    ...(training === undefined ? {} : { palm_workbench: training }),
  });
}

const exactly = <T>(value: T, what: string) =>
  z.custom<T>((x) => JSON.stringify(x) === JSON.stringify(value), {
    error: `must be ${what} (${JSON.stringify(value).slice(0, 120)}…)`,
  });

const common = {
  normalizer: z.null({ error: 'must be null (no normalizer)' }),
  post_processor: z.null({ error: 'must be null (no post-processor)' }),
  added_tokens: z.array(z.unknown()).max(0, { error: 'must be empty (no added tokens)' }),
};

const bpeFile = z.object({
  ...common,
  pre_tokenizer: exactly(split, 'the Split of core/tokenizer/words.ts'),
  decoder: exactly(bpeDecoder, 'ByteFallback then Fuse'),
  model: z.object({
    type: z.literal('BPE'),
    byte_fallback: z.literal(true, { error: 'must be true' }),
    continuing_subword_prefix: z.null({ error: 'must be null' }).optional(),
    end_of_word_suffix: z.null({ error: 'must be null' }).optional(),
    dropout: z.null({ error: 'must be null' }).optional(),
    vocab: z.record(z.string(), z.number().int().nonnegative(), { error: 'must map pieces to ids' }),
    merges: z.array(
      z.union([z.tuple([z.string(), z.string()]), z.string().regex(/^\S+ \S+$/)], {
        error: 'must be a pair ["a", "b"] or a string "a b"',
      }),
    ),
  }),
});

const unigramFile = z.object({
  ...common,
  pre_tokenizer: exactly(
    { type: 'Sequence', pretokenizers: [split, byteLevel] },
    'the Split of words.ts, then ByteLevel',
  ),
  decoder: exactly(byteLevel, 'ByteLevel'),
  model: z.object({
    type: z.literal('Unigram'),
    unk_id: z.null({ error: 'must be null: every byte is a piece' }).optional(),
    byte_fallback: z.literal(false, { error: 'must be false: every byte is a piece' }).optional(),
    vocab: z.array(z.tuple([z.string(), z.number()]), { error: 'must be a list of [piece, score]' }),
  }),
});

function fail(problem: string): never {
  throw new Error(`invalid tokenizer.json: ${problem}`);
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  return fail(`${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}

function readBpe(data: unknown, vocabSize: number | undefined): BpeTokenizer {
  const { model } = parseWith(bpeFile, data);
  const byId: string[] = [];
  for (const [piece, id] of Object.entries(model.vocab)) {
    if (byId[id] !== undefined)
      fail(`model.vocab: id ${id} is given to ${JSON.stringify(byId[id])} and ${JSON.stringify(piece)}`);
    byId[id] = piece;
  }
  for (let id = 0; id < byId.length; id++) {
    if (byId[id] === undefined) fail(`model.vocab: ids must run from 0 without gaps; ${id} is missing`);
    if (id < BYTE_PIECES && byId[id] !== bytePieceName(id)) {
      fail(`model.vocab: id ${id} must be the byte piece ${bytePieceName(id)} (got ${JSON.stringify(byId[id])})`);
    }
  }
  if (byId.length < BYTE_PIECES) fail(`model.vocab: needs the ${BYTE_PIECES} byte pieces <0x00>..<0xFF> first`);
  const merges = model.merges.map((m) => (typeof m === 'string' ? (m.split(' ') as [string, string]) : m));
  try {
    return new BpeTokenizer(byId.slice(BYTE_PIECES), merges, Math.max(vocabSize ?? 0, byId.length));
  } catch (e) {
    return fail(`model: ${(e as Error).message}`);
  }
}

function readUnigram(data: unknown, vocabSize: number | undefined): UnigramTokenizer {
  const { model } = parseWith(unigramFile, data);
  const pieces = model.vocab.map(([piece], id) => {
    const bytes = fromByteLevel(piece);
    if (bytes === undefined || bytes.length === 0)
      fail(`model.vocab[${id}]: ${JSON.stringify(piece)} is not a ByteLevel string`);
    return bytes;
  });
  try {
    return new UnigramTokenizer(
      pieces,
      model.vocab.map(([, score]) => score),
      Math.max(vocabSize ?? 0, pieces.length),
    );
  } catch (e) {
    return fail(`model.vocab: ${(e as Error).message}`);
  }
}

/**
 * Read a tokenizer.json (text or parsed). vocabSize: ids the model embeds, when more than the pieces (a corpus
 * too small to fill the vocabulary); spare ids decode to nothing. Errors name the field.
 */
export function fromTokenizerJson(json: unknown, vocabSize?: number): HfTokenizer {
  const data = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  const type = (data as { model?: { type?: unknown } } | null)?.model?.type;
  if (type === 'BPE') return readBpe(data, vocabSize);
  if (type === 'Unigram') return readUnigram(data, vocabSize);
  return fail(`model.type must be "BPE" or "Unigram" (got ${JSON.stringify(type)})`);
}
