// A max-heap of candidate merges for BPE training (core/tokenizer/bpe-merges.ts), ordered by count then pair key.
// Entries go stale when counts change; the trainer re-checks each popped entry (lazy deletion, as in HF tokenizers).

export interface PairEntry {
  count: number;
  /** pairKey(a, b): the smaller key wins a tie in count, which makes training deterministic. */
  key: number;
}

function comesFirst(x: PairEntry, y: PairEntry): boolean {
  return x.count > y.count || (x.count === y.count && x.key < y.key);
}

export class PairHeap {
  private readonly items: PairEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(entry: PairEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!comesFirst(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): PairEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && comesFirst(items[left]!, items[best]!)) best = left;
        if (right < items.length && comesFirst(items[right]!, items[best]!)) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }
}
