// One calibrated peak per process (core/runs/calibration.ts): the first lane whose run needs the peak measures it
// alone, runs that need it wait meanwhile, later lanes are told it once, and a peak of another thread share is not
// reused.
import { describe, expect, it } from 'vitest';
import { createSharedCalibration } from '../core/runs/calibration';

describe('the shared calibration', () => {
  it('lets the first lane measure, holds the others, then tells each later lane the peak once', () => {
    const cal = createSharedCalibration<string>();
    expect(cal.mustWait('k')).toBe(false);
    expect(cal.admit('lane0', 'k')).toBeNull(); // measures it now
    expect(cal.mustWait('k')).toBe(true);
    cal.measured('lane0', 3e9, 'k');
    expect(cal.mustWait('k')).toBe(false);
    expect(cal.admit('lane1', 'k')).toBe(3e9);
    expect(cal.admit('lane1', 'k')).toBeNull(); // told already
    expect(cal.admit('lane0', 'k')).toBeNull(); // measured it itself
  });

  it('stops holding runs when the measuring lane ends its run before the peak came', () => {
    const cal = createSharedCalibration<string>();
    cal.admit('lane0', 'k');
    cal.release('lane1'); // another lane's end changes nothing
    expect(cal.mustWait('k')).toBe(true);
    cal.release('lane0');
    expect(cal.mustWait('k')).toBe(false);
    expect(cal.admit('lane1', 'k')).toBeNull(); // the next run measures it
    expect(cal.mustWait('k')).toBe(true);
    cal.forget('lane1'); // its worker ended
    expect(cal.mustWait('k')).toBe(false);
  });

  it('keeps a peak per key: measured with another thread share, it is not told to lanes of this one', () => {
    const cal = createSharedCalibration<string>();
    cal.admit('lane0', 'wasm 3');
    cal.measured('lane0', 2e9, 'wasm 3');
    expect(cal.admit('lane1', 'wasm 1')).toBeNull(); // measures its own
    expect(cal.mustWait('wasm 1')).toBe(true);
  });

  it("adopts a lane's own earlier peak as the process's when none is known", () => {
    const fresh = createSharedCalibration<string>();
    fresh.measured('lane0', 5e9, 'a');
    expect(fresh.admit('lane0', 'b')).toBeNull(); // holds the 'a' peak: the process's now, no new measurement
    expect(fresh.mustWait('b')).toBe(false);
    expect(fresh.admit('lane2', 'a')).toBe(5e9); // told to a lane that has none
  });
});
