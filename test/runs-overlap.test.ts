// The one overlap marking of parallel runs (core/runs/overlap.ts), used by the UI's pool and `run --jobs`: which
// runs shared time with which, touching ends and paused spans left out.
import { describe, expect, it } from 'vitest';
import { createRunTimes } from '../core/runs/overlap';

/** Runs on a fake clock: each [start, end] a span on its worker; end Infinity: still on it. */
function timesOf(spans: ([number, number] | undefined)[]) {
  let clock = 0;
  const times = createRunTimes(() => clock);
  const events = spans.flatMap((s, i) =>
    s === undefined
      ? []
      : [
          { at: s[0], act: () => times.begin(`r${i}`, `r${i}`) },
          ...(s[1] === Infinity ? [] : [{ at: s[1], act: () => times.close(`r${i}`) }]),
        ],
  );
  events.sort((a, b) => a.at - b.at);
  for (const e of events) {
    clock = e.at;
    e.act();
  }
  return times;
}

describe('overlap of runs', () => {
  it('finds the runs that shared any time with one, and not those that only touch it', () => {
    const times = timesOf([
      [0, 10],
      [5, 20],
      [10, 15], // starts as run 0 ends: no overlap with it
      [30, 40],
    ]);
    expect(times.overlapsOf('r0')).toEqual(['r1']);
    expect(times.overlapsOf('r1')).toEqual(['r0', 'r2']);
    expect(times.overlapsOf('r2')).toEqual(['r1']);
    expect(times.overlapsOf('r3')).toEqual([]);
  });

  it('counts a run still training (end Infinity) and skips runs not yet started', () => {
    const times = timesOf([[0, 10], [8, Infinity], undefined]);
    expect(times.overlapsOf('r0')).toEqual(['r1']);
    expect(times.overlapsOf('r2')).toEqual([]);
  });

  it('leaves a paused span out: a run that started while another was paused did not overlap it', () => {
    let clock = 0;
    const times = createRunTimes(() => clock);
    times.begin('a', 'a');
    clock = 5;
    times.close('a'); // paused
    times.begin('b', 'b');
    clock = 9;
    times.close('b');
    times.resume('a');
    clock = 12;
    times.close('a');
    expect(times.overlapsOf('a')).toEqual([]);
    expect(times.overlapsOf('b')).toEqual([]);
    times.resume('b'); // b resumed from its checkpoint while a has ended: still no shared time
    expect(times.overlapsOf('b')).toEqual([]);
  });
});
