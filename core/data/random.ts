// A small seeded PRNG for batch sampling: mulberry32 (Tommy Ettinger, public domain), 32 bits of state.
// Its whole state is one number, so a checkpoint saves it and a resumed run draws the very same batches.

export class Rng {
  private state: number;

  /** Seeds are taken modulo 2^32. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  nextFloat(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n); the bias of scaling 32 random bits is below n / 2^32, negligible for corpus sizes. */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  getState(): number {
    return this.state;
  }

  setState(state: number): void {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff) {
      throw new RangeError(`PRNG state must be an integer in [0, 2^32) (got ${state})`);
    }
    this.state = state;
  }
}
