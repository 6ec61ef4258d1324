// Memory accounting from a config: parameter bytes and the KV cache of autoregressive decoding (docs/palm.md §1, §3).
import type { ModelConfig } from '../config/schema';
import { countParams } from './params';

const FLOAT32_BYTES = 4;

/** Bytes of the parameters, stored as float32 as the workbench does. */
export function paramBytes(m: ModelConfig): number {
  return countParams(m).total * FLOAT32_BYTES;
}

/** KV-cache bytes per generated token = 2·L·Hkv·Q·bytes: one K and one V row per layer and K/V head. */
export function kvCacheBytesPerToken(m: ModelConfig, bytesPerElement = FLOAT32_BYTES): number {
  return 2 * m.nLayers * m.kvHeads * m.headDim * bytesPerElement;
}
