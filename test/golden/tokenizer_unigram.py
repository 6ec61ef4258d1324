# Golden unigram-LM numbers for test/tokenizer-unigram.test.ts, by brute force: every segmentation of a word into
# vocabulary pieces is enumerated, so the best cut (Viterbi), log Z (forward) and each piece's expected count
# (forward-backward) come from their definitions, not from a lattice. Digamma from a central difference of lgamma.
# Run: python3 test/golden/tokenizer_unigram.py  (writes tokenizer_unigram.json next to it)
import json
import math
import os

import numpy as np

rng = np.random.default_rng(16)

# Pieces over characters; a character outside them is "unknown" with UNKNOWN_SCORE (the trainer's rule).
PIECES = ["a", "b", "c", "é", " ", "ab", "bc", "abc", "ca", " a", " ab", "éa", "aé", "bca"]
SCORES = [float(s) for s in np.round(-rng.uniform(1.0, 6.0, len(PIECES)), 6)]
UNKNOWN_SCORE = min(SCORES) - 10
WORDS = ["abc", "abcabc", " abcé", "éaéab", "cab", "a", " abxc", "bcabca"]


def segmentations(word):
    """All cuts of word: lists of (piece index or -1 for an unknown character)."""
    if word == "":
        return [[]]
    cuts = []
    for i, piece in enumerate(PIECES):
        if word.startswith(piece):
            cuts += [[i] + rest for rest in segmentations(word[len(piece):])]
    if word[0] not in PIECES:
        cuts += [[-1] + rest for rest in segmentations(word[1:])]
    return cuts


def score(cut):
    return sum(UNKNOWN_SCORE if i < 0 else SCORES[i] for i in cut)


words = []
for word in WORDS:
    cuts = segmentations(word)
    totals = np.array([score(c) for c in cuts])
    best = cuts[int(np.argmax(totals))]
    assert np.sum(totals == totals.max()) == 1, f"tie in {word!r}: pick other scores"
    log_z = float(np.logaddexp.reduce(totals))
    probs = np.exp(totals - log_z)
    expected = np.zeros(len(PIECES))
    for cut, p in zip(cuts, probs):
        for i in cut:
            if i >= 0:
                expected[i] += p
    words.append(
        {
            "word": word,
            "cuts": len(cuts),
            "best": [PIECES[i] if i >= 0 else "?" for i in best],  # "?": an unknown character
            "bestScore": float(totals.max()),
            "logZ": log_z,
            "expected": [float(x) for x in expected],
        }
    )


def digamma(x):
    h = 1e-5 * max(1.0, x)  # relative step: lgamma(1e4) is ~8e4, an absolute 1e-5 would drown in rounding
    return (math.lgamma(x + h) - math.lgamma(x - h)) / (2 * h)


out = {
    "pieces": PIECES,
    "scores": SCORES,
    "unknownScore": UNKNOWN_SCORE,
    "words": words,
    "digamma": [[x, digamma(x)] for x in [0.5, 1.0, 2.5, 6.9, 7.0, 12.0, 150.0, 1e4]],
}
with open(os.path.join(os.path.dirname(__file__), "tokenizer_unigram.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("\n".join(f"{w['word']!r}: {w['best']} of {w['cuts']} cuts" for w in words))
