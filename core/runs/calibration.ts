// One calibrated peak for every run of a process (docs/design.md §1; docs/palm.md on MFU): the first lane whose run
// needs the peak measures it alone, runs that need it wait meanwhile, and every later lane is told it. Measured by
// each lane beside the others' training, the peak would come out low and every MFU high.
// `key` names what a peak depends on besides the device: on wasm the thread share of a lane (shares.ts).

export interface SharedCalibration<L> {
  /** A run that needs the peak waits: another lane is measuring it. */
  mustWait(key: string): boolean;
  /**
   * A run that needs the peak starts on `lane`: the peak to tell its worker (use-calibration), or null when it has
   * it already or measures it now (it is then the one the others wait for).
   */
  admit(lane: L, key: string): number | null;
  /** `lane` measured `peak` (its worker's `calibration` message). */
  measured(lane: L, peak: number, key: string): void;
  /** Its run ended before the peak came (stopped while calibrating), or the lane ended: nobody waits on it now. */
  release(lane: L): void;
  /** The lane ended: it holds no peak any more. */
  forget(lane: L): void;
}

export function createSharedCalibration<L>(): SharedCalibration<L> {
  let shared: { peak: number; key: string } | null = null;
  let measuring: L | null = null;
  /** The peak each lane's worker has, measured itself or told, and the key it was measured with. */
  const held = new Map<L, { peak: number; key: string }>();
  /** The process's peak measured with `key`, or null (none yet, or measured with another share). */
  const known = (key: string) => (shared && shared.key === key ? shared.peak : null);

  return {
    mustWait: (key) => known(key) === null && measuring !== null,
    admit(lane, key) {
      const peak = known(key);
      const mine = held.get(lane);
      if (peak !== null) {
        if (mine?.peak === peak) return null;
        held.set(lane, { peak, key });
        return peak;
      }
      // It holds a peak of its own already (a worker only ever gets its own share's): the process's from now on.
      if (mine) shared = mine;
      else measuring = lane;
      return null;
    },
    measured(lane, peak, key) {
      shared = { peak, key };
      held.set(lane, shared);
      if (measuring === lane) measuring = null;
    },
    release(lane) {
      if (measuring === lane) measuring = null;
    },
    forget(lane) {
      if (measuring === lane) measuring = null;
      held.delete(lane);
    },
  };
}
