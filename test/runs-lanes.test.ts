// The run orchestration core's lane scheduler (core/runs/lanes.ts): N lanes, runs in plan order, the next run on the
// lane that frees, new lanes up to the size, a hold that keeps the order, and runs taken out before they start.
import { describe, expect, it } from 'vitest';
import { createLaneScheduler } from '../core/runs/lanes';

interface Lane {
  id: number;
  job: string | null;
}

function setup(size: number, opts: { hold?: (job: string) => boolean } = {}) {
  const lanes: Lane[] = [];
  const started: [string, number][] = [];
  let limit = size;
  const scheduler = createLaneScheduler<string, Lane>({
    lanes: () => lanes,
    idle: (l) => l.job === null,
    size: () => limit,
    spawn: () => {
      const lane = { id: lanes.length, job: null };
      lanes.push(lane);
      return lane;
    },
    canStart: (job) => !(opts.hold?.(job) ?? false),
    start: (job, lane) => {
      lane.job = job;
      started.push([job, lane.id]);
    },
  });
  const free = (job: string) => {
    lanes.find((l) => l.job === job)!.job = null;
    scheduler.pump();
  };
  return { scheduler, lanes, started, free, resize: (n: number) => ((limit = n), scheduler.pump()) };
}

describe('the lane scheduler', () => {
  it('starts up to N runs at once, on lanes it asks for, and the next run on the lane that frees', () => {
    const { scheduler, lanes, started, free } = setup(2);
    for (const job of ['a', 'b', 'c', 'd']) scheduler.enqueue(job);
    expect(started).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(lanes).toHaveLength(2);
    expect(scheduler.waiting).toBe(2);
    free('b');
    expect(started.at(-1)).toEqual(['c', 1]);
    free('a');
    expect(started.at(-1)).toEqual(['d', 0]);
    expect(scheduler.waiting).toBe(0);
    expect(lanes).toHaveLength(2);
  });

  it('holds a run and every run behind it while canStart says no, so the plan order holds', () => {
    let measuring = false;
    const { scheduler, started, free } = setup(3, { hold: (job) => job.startsWith('peak') && measuring });
    scheduler.enqueue('peak-1');
    expect(started).toEqual([['peak-1', 0]]);
    measuring = true; // peak-1's lane measures the peak
    scheduler.enqueue('peak-2');
    scheduler.enqueue('plain');
    expect(started).toHaveLength(1); // 'plain' waits behind 'peak-2'
    measuring = false;
    scheduler.pump();
    expect(started.map(([job]) => job)).toEqual(['peak-1', 'peak-2', 'plain']);
    free('peak-1');
    expect(started).toHaveLength(3);
  });

  it('takes a waiting run out (stopped before it started), or every one (nothing more starts)', () => {
    const { scheduler, started, free } = setup(1);
    for (const job of ['a', 'b', 'c', 'd']) scheduler.enqueue(job);
    expect(scheduler.cancel((j) => j === 'c')).toBe('c');
    expect(scheduler.cancel((j) => j === 'zz')).toBeUndefined();
    free('a');
    expect(started.map(([job]) => job)).toEqual(['a', 'b']);
    expect(scheduler.drain()).toEqual(['d']);
    free('b');
    expect(started.map(([job]) => job)).toEqual(['a', 'b']);
  });

  it("grows to a larger size at once; shrunk, an idle lane still takes the next run (ending lanes is the caller's)", () => {
    const { scheduler, lanes, started, free, resize } = setup(1);
    for (const job of ['a', 'b', 'c', 'd']) scheduler.enqueue(job);
    resize(3);
    expect(started.map(([job]) => job)).toEqual(['a', 'b', 'c']);
    expect(lanes).toHaveLength(3);
    resize(1);
    free('a');
    expect(started.at(-1)).toEqual(['d', 0]);
  });
});
