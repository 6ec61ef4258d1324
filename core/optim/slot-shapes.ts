// The optimizer slots a config's optimizer keeps for each parameter ("<param>/<slot>" -> shape), so a checkpoint's
// saved state can be checked against the optimizer that will load it (AdamW m, v; Adafactor vr, vc or v, and m).
import type { OptimizerConfig } from '../config/schema';
import { factoredAxes } from '../metrics/optimizer-state';

export function optimizerSlotShapes(
  cfg: OptimizerConfig,
  params: { name: string; shape: number[] }[],
): Record<string, number[]> {
  const slots: Record<string, number[]> = {};
  for (const { name, shape } of params) {
    if (cfg.name === 'adamw') {
      slots[`${name}/m`] = shape;
      slots[`${name}/v`] = shape;
      continue;
    }
    const axes = factoredAxes(shape, cfg.factored, cfg.minDimSizeToFactor);
    if (axes == null) slots[`${name}/v`] = shape;
    else {
      // Adafactor's row moment drops the column axis b, its column moment the row axis a.
      slots[`${name}/vr`] = shape.filter((_, i) => i !== axes[1]);
      slots[`${name}/vc`] = shape.filter((_, i) => i !== axes[0]);
    }
    if (cfg.beta1 != null) slots[`${name}/m`] = shape;
  }
  return slots;
}
