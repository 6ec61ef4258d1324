// Regenerates the SentencePiece comparison of docs/tokenizer.md: our unigram and BPE against SentencePiece's
// (Debian's python3-sentencepiece, run by scripts/sentencepiece-baseline.py) on Moby Dick's held-out tail, at equal
// learned pieces and at equal vocabulary size. A measurement, not a test: CI has no SentencePiece.
// Usage: node scripts/tokenizer-vs-sentencepiece.mjs [--corpus moby-dick|sotu] [--vocab 512,1024] [--json]
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { register } from 'tsx/esm/api';

register();
const { loadCorpus } = await import('../core/data/corpora.ts');
const { bytesPerToken, trainTokenizer, UnigramTokenizer } = await import('../core/tokenizer/index.ts');

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : process.argv[at + 1];
};
const corpus = arg('--corpus', 'moby-dick');
const vocabs = arg('--vocab', '512,1024').split(',').map(Number);
const python = '/usr/bin/python3'; // Debian's, where python3-sentencepiece is installed

const text = await loadCorpus(corpus);
const cut = Math.floor(text.length * 0.9); // data.valFraction 0.1: train on the head, measure on the tail
const dir = mkdtempSync(join(tmpdir(), 'palm-sp-'));
const trainPath = join(dir, 'train.txt');
const tailPath = join(dir, 'tail.txt');
writeFileSync(trainPath, text.slice(0, cut));
writeFileSync(tailPath, text.slice(cut));
const tail = text.slice(cut);

/** Pieces with a learned score: everything but the 256 bytes, plus one-byte characters (they are byte ids here). */
function learnedPieces(tokenizer) {
  if (!(tokenizer instanceof UnigramTokenizer)) return tokenizer.vocabSize - 256;
  const fallback = Math.min(...tokenizer.scores);
  return tokenizer.pieces.length - 256 + tokenizer.scores.slice(0, 256).filter((s) => s > fallback).length;
}

function sentencePiece(model, vocabSize) {
  const out = execFileSync(python, [
    'scripts/sentencepiece-baseline.py',
    trainPath,
    tailPath,
    model,
    String(vocabSize),
  ]);
  return JSON.parse(out.toString());
}

const rows = [];
for (const model of ['unigram', 'bpe']) {
  for (const vocabSize of vocabs) {
    const start = performance.now();
    const ours = trainTokenizer(model, text.slice(0, cut), { vocabSize });
    const trainSeconds = (performance.now() - start) / 1000;
    const learned = learnedPieces(ours);
    const ids = ours.encode(tail);
    const lossless = ours.decode(ids) === tail;
    const newlineTokens = Array.from(ids).filter((id) => /^\n+$/.test(ours.decode([id]))).length;
    // SentencePiece's vocabulary: <unk> + 256 bytes + its learned pieces.
    const spSameLearned = sentencePiece(model, learned + 257);
    const spSameVocab = sentencePiece(model, vocabSize);
    rows.push({
      model,
      vocabSize,
      learned,
      ours: bytesPerToken(ours, tail),
      lossless,
      tokens: ids.length,
      newlineTokens,
      trainSeconds,
      spSameLearned,
      spSameVocab,
    });
  }
}

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
} else {
  const pct = (a, b) => `${(((a - b) / b) * 100).toFixed(1)}%`;
  console.log(
    `${corpus}: trained on the first 90% (${cut.toLocaleString('en-US')} chars), measured on the tail (${Buffer.byteLength(tail).toLocaleString('en-US')} bytes)\n`,
  );
  console.log(
    '| model | our ids | our learned pieces | ours bytes/token | SentencePiece, same learned pieces (ids) | vs ours | SentencePiece, same ids (learned) | vs ours | our train s | SP train s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const tailBytes = Buffer.byteLength(tail);
  const newlines = (tail.match(/\n/g) ?? []).length;
  // Bytes/token with the newlines and their tokens left out on both sides: the pieces of the text between them.
  const withoutNewlines = (tokens, newlineTokens) => ((tailBytes - newlines) / (tokens - newlineTokens)).toFixed(3);
  for (const r of rows) {
    console.log(
      `| ${r.model} | ${r.vocabSize} | ${r.learned} | ${r.ours.toFixed(3)}${r.lossless ? '' : ' (lossy!)'} | ${r.spSameLearned.bytesPerToken.toFixed(3)} (${r.spSameLearned.vocabSize}) | ${pct(r.ours, r.spSameLearned.bytesPerToken)} | ${r.spSameVocab.bytesPerToken.toFixed(3)} (${r.spSameVocab.learnedPieces}) | ${pct(r.ours, r.spSameVocab.bytesPerToken)} | ${r.trainSeconds.toFixed(2)} | ${r.spSameLearned.trainSeconds.toFixed(2)} |`,
    );
  }
  console.log(
    `\nWithout the ${newlines.toLocaleString('en-US')} newlines of the tail and their tokens (same learned pieces):\n`,
  );
  console.log(
    '| model | our ids | ours | SentencePiece | vs ours | our newline tokens | SentencePiece newline tokens |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const ours = withoutNewlines(r.tokens, r.newlineTokens);
    const sp = withoutNewlines(r.spSameLearned.tokens, r.spSameLearned.newlineTokens);
    console.log(
      `| ${r.model} | ${r.vocabSize} | ${ours} | ${sp} | ${pct(Number(ours), Number(sp))} | ${r.newlineTokens} | ${r.spSameLearned.newlineTokens} |`,
    );
  }
}
