// Seed derivation for the seeded tfjs random ops (init and dropout): one base seed, many independent streams.
// tfjs treats a falsy seed as "unseeded" (Math.random), so a derived seed is never 0.

/** A 31-bit seed for stream `index` of `base`, well mixed so that (base, index) pairs do not collide like base + index. */
export function deriveSeed(base: number, index: number): number {
  // A murmur3-style finaliser over both inputs; the low and high 32 bits of base both count.
  let h = Math.imul((base >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.floor(base / 2 ** 32);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ Math.imul(index + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= h >>> 13;
  return h & 0x7fffffff || 1;
}
