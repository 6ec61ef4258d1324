// `palm-workbench tokenizer train | encode | stats`: train a BPE or unigram vocabulary on a corpus or a text file
// (Hugging Face tokenizer.json + tokenizer_config.json), encode a text with one, measure one on a held-out tail.
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { corpusFromBytes, loadCorpus } from '../../core/data';
import {
  bytesPerToken,
  DEFAULT_MAX_TRAIN_BYTES,
  loadTokenizer,
  toTokenizerConfigJson,
  toTokenizerJson,
  trainTokenizer,
  type HfTokenizer,
  type SubwordModel,
  type Tokenizer,
  type TrainingRecord,
} from '../../core/tokenizer';
import { removeDeadWritersTemps, writeFilesAtomic } from '../atomic-write';
import { CliError, describeWriteError } from '../errors';
import { readBytes } from '../files';
import { TOKENIZER_CONFIG_JSON } from '../run-folder';
import { checkNotAnInput, checkOutputPath, readRegularFileSync } from '../safe-open';
import { positiveInt } from '../options';

type Run = (action: () => Promise<void>) => Promise<void>;

interface SourceOptions {
  corpus?: 'moby-dick' | 'sotu';
  text?: string;
  valFraction: number;
}

function fraction(value: string): number {
  const f = Number(value);
  if (!(f >= 0 && f <= 0.5)) throw new InvalidArgumentError(`expected a fraction in [0, 0.5] (got "${value}")`);
  return f;
}

const corpusOption = () =>
  new Option('--corpus <name>', 'a built-in corpus').choices(['moby-dick', 'sotu']).conflicts('text');
const textOption = () => new Option('--text <file>', 'a UTF-8 text file');
const valOption = () =>
  new Option('--val-fraction <f>', 'held-out tail: trained without, measured on').argParser(fraction).default(0.1);

/** The text and its split: training part first, held-out tail last (as data.valFraction in a config). */
async function readSource(opts: SourceOptions): Promise<{ name: string; train: string; tail: string }> {
  if ((opts.corpus === undefined) === (opts.text === undefined))
    throw new CliError('give --corpus NAME or --text FILE');
  const name = opts.corpus ?? opts.text!;
  const text = opts.corpus ? await loadCorpus(opts.corpus) : corpusFromBytes(await readBytes(name, 'text file'), name);
  const cut = Math.floor(text.length * (1 - opts.valFraction));
  return { name, train: text.slice(0, cut), tail: text.slice(cut) };
}

function train(model: SubwordModel, source: { name: string; train: string }, vocabSize: number) {
  const startMs = performance.now();
  const tokenizer = trainTokenizer(model, source.train, { vocabSize });
  const record: TrainingRecord = {
    model,
    source: source.name,
    // The trainers read at most their first DEFAULT_MAX_TRAIN_BYTES.
    trainBytes: Math.min(new TextEncoder().encode(source.train).length, DEFAULT_MAX_TRAIN_BYTES),
    trainMs: Math.round(performance.now() - startMs),
  };
  return { tokenizer, record };
}

/** How `stats` shows a piece: its text with a space as ▁ (SentencePiece's rendering), a lone byte as <0xNN>. */
function showPiece(tokenizer: Tokenizer, id: number): string {
  const text = tokenizer.decode([id]);
  if (text.includes('\uFFFD') || (id < 256 && !/^[\x21-\x7e]$/.test(text))) {
    return id < 256 ? `<0x${id.toString(16).toUpperCase().padStart(2, '0')}>` : JSON.stringify(text);
  }
  return text.replaceAll(' ', '▁').replaceAll('\n', '\\n').replaceAll('\t', '\\t');
}

async function loadTokenizerFile(path: string): Promise<{ tokenizer: Tokenizer; bytes: Uint8Array }> {
  const bytes = await readBytes(path, 'tokenizer');
  try {
    return { tokenizer: loadTokenizer(new TextDecoder().decode(bytes)), bytes };
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message}`);
  }
}

/** A tokenizer_config.json is a few hundred bytes; a larger one is not one `tokenizer train` wrote. */
const MAX_TOKENIZER_CONFIG_BYTES = 1 << 20;

/**
 * The training record `tokenizer train` left in the tokenizer_config.json beside a tokenizer, if any, and only when it
 * was written with this tokenizer.json (its SHA-256 matches): a pair a crash left half-replaced has no record.
 */
function readTrainingRecord(tokenizerPath: string, tokenizerBytes: Uint8Array): TrainingRecord | undefined {
  try {
    const path = join(dirname(tokenizerPath), TOKENIZER_CONFIG_JSON);
    const bytes = readRegularFileSync(path, 'tokenizer config', MAX_TOKENIZER_CONFIG_BYTES);
    const record = (JSON.parse(new TextDecoder().decode(bytes)) as { palm_workbench?: TrainingRecord }).palm_workbench;
    if (record?.tokenizerSha256 !== undefined && record.tokenizerSha256 !== sha256(tokenizerBytes)) return undefined;
    return record;
  } catch {
    return undefined; // none, not ours, or not a regular file: the training time is unknown
  }
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * tokenizer.json and tokenizer_config.json beside it, each replaced atomically, both written before either is renamed;
 * the record in the second names the first by its SHA-256, so a crash between the two renames leaves a pair whose
 * record `stats` ignores.
 */
function writeTokenizerFiles(out: string, tokenizerJson: string, record: TrainingRecord, textPath?: string): string {
  const configPath = join(dirname(out), TOKENIZER_CONFIG_JSON);
  const inputs = textPath === undefined ? [] : [{ path: textPath, what: 'text file' }];
  for (const [path, what] of [
    [out, 'tokenizer'],
    [configPath, 'tokenizer config'],
  ] as const) {
    checkOutputPath(path, what);
    checkNotAnInput(path, what, inputs);
  }
  if (basename(out) === TOKENIZER_CONFIG_JSON)
    throw new CliError(`--out "${out}": ${TOKENIZER_CONFIG_JSON} is written beside the tokenizer; name it otherwise`);
  try {
    removeDeadWritersTemps(out);
    removeDeadWritersTemps(configPath);
    writeFilesAtomic([
      [out, tokenizerJson],
      [configPath, `${toTokenizerConfigJson({ ...record, tokenizerSha256: sha256(tokenizerJson) })}\n`],
    ]);
  } catch (e) {
    throw new CliError(describeWriteError(e, out));
  }
  return configPath;
}

function registerTrain(tokenizer: Command, run: Run): void {
  tokenizer
    .command('train')
    .description(
      'train a vocabulary on the text minus its held-out tail; writes tokenizer.json + tokenizer_config.json',
    )
    .addOption(corpusOption())
    .addOption(textOption())
    .requiredOption('--vocab <n>', 'ids in the vocabulary (256 bytes + learned pieces)', positiveInt)
    .addOption(new Option('--model <name>', 'subword model').choices(['bpe', 'unigram']).default('unigram'))
    .requiredOption('--out <file>', 'tokenizer.json to write (tokenizer_config.json goes beside it)')
    .addOption(valOption())
    .action((opts: SourceOptions & { vocab: number; model: SubwordModel; out: string }) =>
      run(async () => {
        // The outputs are checked before the (possibly long) training, and again as they are written.
        checkOutputPath(opts.out, 'tokenizer');
        const source = await readSource(opts);
        const { tokenizer: trained, record } = train(opts.model, source, opts.vocab);
        writeTokenizerFiles(opts.out, `${toTokenizerJson(trained)}\n`, record, opts.text);
        const tail =
          source.tail.length > 0
            ? `, ${bytesPerToken(trained, source.tail).toFixed(3)} bytes/token on the held-out tail`
            : '';
        process.stdout.write(
          `${opts.model} ${trained.vocabSize} ids trained on ${record.trainBytes.toLocaleString('en-US')} bytes in ${(record.trainMs / 1000).toFixed(2)} s${tail} -> ${opts.out}\n`,
        );
      }),
    );
}

function registerEncode(tokenizer: Command, run: Run): void {
  tokenizer
    .command('encode')
    .description('token ids of a UTF-8 text file')
    .requiredOption('--tokenizer <file>', 'a tokenizer.json (or an older run folder tokenizer file)')
    .requiredOption('--text <file>', 'a UTF-8 text file')
    .option('--json', 'print {"ids": [...]}')
    .action((opts: { tokenizer: string; text: string; json?: boolean }) =>
      run(async () => {
        const { tokenizer: loaded } = await loadTokenizerFile(opts.tokenizer);
        const bytes = await readBytes(opts.text, 'text file');
        const text = bytes.length === 0 ? '' : corpusFromBytes(bytes, opts.text);
        const ids = Array.from(loaded.encode(text));
        process.stdout.write(opts.json ? `${JSON.stringify({ ids })}\n` : `${ids.join(' ')}\n`);
      }),
    );
}

interface StatsOptions extends SourceOptions {
  tokenizer?: string;
  vocab?: number;
  model: SubwordModel;
  pieces: number;
  json?: boolean;
}

function registerStats(tokenizer: Command, run: Run): void {
  tokenizer
    .command('stats')
    .description('bytes/token on the held-out tail, the pieces and the training time, of a file or a fresh training')
    .addOption(corpusOption())
    .addOption(textOption())
    .addOption(new Option('--tokenizer <file>', 'measure this tokenizer.json').conflicts('vocab'))
    .option('--vocab <n>', 'or train one of n ids on the text minus its tail (timed)', positiveInt)
    .addOption(new Option('--model <name>', 'with --vocab').choices(['bpe', 'unigram']).default('unigram'))
    .option('--pieces <k>', 'pieces to list', positiveInt, 40)
    .addOption(valOption())
    .option('--json', 'print the numbers as JSON')
    .action((opts: StatsOptions) =>
      run(async () => {
        if ((opts.tokenizer === undefined) === (opts.vocab === undefined))
          throw new CliError('give --tokenizer FILE or --vocab N');
        const source = await readSource(opts);
        if (source.tail.length === 0) throw new CliError('the held-out tail is empty: give --val-fraction > 0');
        let measured: Tokenizer;
        let record: TrainingRecord | undefined;
        if (opts.vocab !== undefined) ({ tokenizer: measured, record } = train(opts.model, source, opts.vocab));
        else {
          const loaded = await loadTokenizerFile(opts.tokenizer!);
          measured = loaded.tokenizer;
          record = readTrainingRecord(opts.tokenizer!, loaded.bytes);
        }
        const ids = measured.encode(source.tail);
        const firstLearned = 256;
        const shown = Array.from({ length: Math.min(opts.pieces, measured.vocabSize - firstLearned) }, (_, i) =>
          showPiece(measured, firstLearned + i),
        );
        const stats = {
          model: (measured as Partial<HfTokenizer>).model ?? 'bpe (palm-workbench-bpe)',
          vocabSize: measured.vocabSize,
          source: source.name,
          tailBytes: new TextEncoder().encode(source.tail).length,
          tailTokens: ids.length,
          bytesPerToken: bytesPerToken(measured, source.tail),
          lossless: measured.decode(ids) === source.tail,
          trainMs: record?.trainMs ?? null,
          trainBytes: record?.trainBytes ?? null,
          pieces: shown,
        };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(stats)}\n`);
          return;
        }
        const trained = record
          ? `, trained on ${record.trainBytes.toLocaleString('en-US')} bytes in ${(record.trainMs / 1000).toFixed(2)} s`
          : '';
        process.stdout.write(
          `${stats.model}, ${stats.vocabSize} ids${trained}\n` +
            `held-out tail of ${source.name} (${stats.tailBytes.toLocaleString('en-US')} bytes): ${stats.bytesPerToken.toFixed(3)} bytes/token, ${stats.tailTokens.toLocaleString('en-US')} tokens, ${stats.lossless ? 'lossless' : 'NOT lossless'}\n` +
            `pieces from id 256: ${shown.join(' ')}\n`,
        );
      }),
    );
}

export function registerTokenizer(program: Command, run: Run): void {
  const tokenizer = program.command('tokenizer').description('train, apply and measure BPE / unigram vocabularies');
  registerTrain(tokenizer, run);
  registerEncode(tokenizer, run);
  registerStats(tokenizer, run);
}
