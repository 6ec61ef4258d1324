#!/usr/bin/python3
# SentencePiece (Debian's python3-sentencepiece, /usr/bin/python3) trained and measured like our tokenizers, for
# docs/tokenizer.md: lossless settings, digits split, byte fallback. Run by scripts/tokenizer-vs-sentencepiece.mjs.
# Usage: sentencepiece-baseline.py TRAIN.txt TAIL.txt MODEL_TYPE VOCAB_SIZE -> one JSON line on stdout.
import json
import os
import sys
import tempfile
import time

import sentencepiece as spm

train_path, tail_path, model_type, vocab_size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(tail_path, encoding="utf-8") as f:
    tail = f.read()

with tempfile.TemporaryDirectory() as tmp:
    prefix = os.path.join(tmp, "sp")
    start = time.perf_counter()
    spm.SentencePieceTrainer.train(
        input=train_path,
        model_prefix=prefix,
        model_type=model_type,
        vocab_size=vocab_size,
        byte_fallback=True,  # 256 <0xNN> pieces, as ours
        split_digits=True,  # PaLM: numbers digit by digit, as ours
        character_coverage=0.9995,  # the default, as ours
        normalization_rule_name="identity",  # no NFKC: ours does not normalise either
        remove_extra_whitespaces=False,  # lossless, as ours
        add_dummy_prefix=False,  # no space invented before the text, as ours
        allow_whitespace_only_pieces=True,  # runs of spaces may be pieces, as ours
        bos_id=-1,
        eos_id=-1,  # only <unk> besides the bytes and the learned pieces
        max_sentence_length=1 << 24,  # SentencePiece reads a line as a sentence; keep every paragraph
        input_sentence_size=0,
        num_threads=1,
        minloglevel=2,
    )
    train_seconds = time.perf_counter() - start
    sp = spm.SentencePieceProcessor(model_file=prefix + ".model")
    ids = sp.encode(tail)
    # SentencePiece reads a line as a sentence, so it never learns "\n": every newline is a <0x0A> byte token.
    newline_tokens = sum(1 for i in ids if sp.id_to_piece(i) == "<0x0A>")
    print(
        json.dumps(
            {
                "model": model_type,
                "vocabSize": sp.get_piece_size(),
                "learnedPieces": sum(1 for i in range(sp.get_piece_size()) if not (sp.is_byte(i) or sp.is_unknown(i) or sp.is_control(i))),
                "tokens": len(ids),
                "newlineTokens": newline_tokens,
                "bytesPerToken": len(tail.encode("utf-8")) / len(ids),
                "lossless": sp.decode(ids) == tail,
                "trainSeconds": train_seconds,
            }
        )
    )
