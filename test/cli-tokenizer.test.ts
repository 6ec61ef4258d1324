// `palm-workbench tokenizer train | encode | stats` through the real binary: files written, ids printed, numbers
// measured, and the errors a user meets first (not UTF-8, no source, a file that is no tokenizer).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromTokenizerJson } from '../core/tokenizer';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function palm(args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['bin/palm-workbench.mjs', 'tokenizer', ...args],
      { env: { ...process.env, PALM_WORKBENCH_DEBUG: '' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let tmp: string;
const sample = 'Call me Ishmael, 1851.\t 鯨 🐋  x\n';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-tokenizer-'));
  writeFileSync(join(tmp, 'corpus.txt'), 'the whale and the sea, the ship and the sailor. '.repeat(400));
  writeFileSync(join(tmp, 'sample.txt'), sample);
  writeFileSync(join(tmp, 'latin1.txt'), Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x0a)); // "café" in Latin-1
});

describe('palm-workbench tokenizer', () => {
  it('trains a unigram vocabulary from a text file into tokenizer.json + tokenizer_config.json', async () => {
    const out = join(tmp, 'tokenizer.json');
    const r = await palm(['train', '--text', join(tmp, 'corpus.txt'), '--vocab', '300', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^unigram 300 ids trained on [\d,]+ bytes in [\d.]+ s, [\d.]+ bytes\/token on the held-out tail/,
    );
    expect(fromTokenizerJson(readFileSync(out, 'utf8')).model).toBe('unigram');
    const config = JSON.parse(readFileSync(join(tmp, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ clean_up_tokenization_spaces: false, palm_workbench: { model: 'unigram' } });
  });

  it('encodes a text file to the ids the tokenizer gives, as JSON or plain', async () => {
    const path = join(tmp, 'tokenizer.json');
    const tokenizer = fromTokenizerJson(readFileSync(path, 'utf8'));
    const json = await palm(['encode', '--tokenizer', path, '--text', join(tmp, 'sample.txt'), '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ ids: Array.from(tokenizer.encode(sample)) });
    const plain = await palm(['encode', '--tokenizer', path, '--text', join(tmp, 'sample.txt')]);
    expect(plain.stdout.trim().split(' ').map(Number)).toEqual(Array.from(tokenizer.encode(sample)));
  });

  it('measures a BPE trained on a built-in corpus: bytes/token on the tail, pieces, training time', async () => {
    const r = await palm(['stats', '--corpus', 'moby-dick', '--vocab', '400', '--model', 'bpe', '--json']);
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({ model: 'bpe', vocabSize: 400, source: 'moby-dick', lossless: true });
    expect(stats.bytesPerToken).toBeGreaterThan(1.5);
    expect(stats.trainMs).toBeGreaterThan(0);
    expect((stats.pieces as string[]).length).toBe(40);
    expect(stats.pieces).toContain('▁');
  });

  it('refuses text that is not UTF-8, naming the file and the offset', async () => {
    const r = await palm(['encode', '--tokenizer', join(tmp, 'tokenizer.json'), '--text', join(tmp, 'latin1.txt')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `palm-workbench tokenizer encode: ${join(tmp, 'latin1.txt')}: not UTF-8 text: invalid byte sequence at byte offset 3\n`,
    );
    const t = await palm(['train', '--text', join(tmp, 'latin1.txt'), '--vocab', '300', '--out', join(tmp, 'x.json')]);
    expect(t.stderr).toMatch(/not UTF-8 text: invalid byte sequence at byte offset 3/);
  });

  it('says what is missing or wrong', async () => {
    expect((await palm(['train', '--vocab', '300', '--out', join(tmp, 'x.json')])).stderr).toMatch(
      /give --corpus NAME or --text FILE/,
    );
    writeFileSync(join(tmp, 'other.json'), '{"model": {"type": "WordPiece"}}');
    const r = await palm(['encode', '--tokenizer', join(tmp, 'other.json'), '--text', join(tmp, 'sample.txt')]);
    expect(r.stderr).toMatch(/other\.json: invalid tokenizer\.json: model\.type must be "BPE" or "Unigram"/);
  });
});
