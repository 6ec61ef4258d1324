// Optimizer slots of a checkpoint written before the parallel block was fused join into the fused layout
// (core/train/slot-layout.ts): whole moments exactly, in the order of core/config/fused-layout.ts; factored ones are refused.
import { describe, expect, it } from 'vitest';
import type { TensorData } from '../core/checkpoint/safetensors';
import { modelParamSpecs, paramSpecs } from '../core/model';
import { joinUnfusedSlots } from '../core/train/slot-layout';
import { tinyModel } from './model-helpers';

/** A slot whose entries encode (tensor index, flat position), so where each number lands can be checked. */
function slotFor(shape: number[], index: number): TensorData {
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float32Array.from({ length: size }, (_, j) => index * 10000 + j) };
}

describe('joinUnfusedSlots', () => {
  it('joins whole moments of wq|wk|wv|w_gate|w_up by columns and wo;w_down by rows', () => {
    const m = tinyModel({ nLayers: 1, bias: true });
    const specs = paramSpecs(m);
    const slots = Object.fromEntries(specs.map((s, i) => [`${s.name}/m`, slotFor(s.shape, i)]));
    const joined = joinUnfusedSlots(m, slots);
    expect(Object.keys(joined).sort()).toEqual(
      modelParamSpecs(m)
        .map((s) => `${s.name}/m`)
        .sort(),
    );

    const index = (name: string) => specs.findIndex((s) => s.name === name);
    const wIn = joined['blocks.0.fused.w_in/m']!;
    const D = m.dModel;
    const [qDim, kvDim, F] = [m.nHeads * m.headDim, m.kvHeads * m.headDim, m.dModel * m.ffnMult];
    expect(wIn.shape).toEqual([D, qDim + 2 * kvDim + 2 * F]);
    const cols = wIn.shape[1]!;
    // Row 3, first column of wk: wk's entry (3, 0) = index(wk)*10000 + 3*kvDim.
    expect(wIn.data[3 * cols + qDim]).toBe(index('blocks.0.attn.wk') * 10000 + 3 * kvDim);
    // Row 2, last column: w_up's entry (2, F - 1).
    expect(wIn.data[2 * cols + cols - 1]).toBe(index('blocks.0.mlp.w_up') * 10000 + 2 * F + F - 1);
    const wOut = joined['blocks.0.fused.w_out/m']!;
    expect(wOut.shape).toEqual([qDim + F, D]);
    // Row qDim is w_down's row 0.
    expect(wOut.data[qDim * D + 1]).toBe(index('blocks.0.mlp.w_down') * 10000 + 1);
    const bIn = joined['blocks.0.fused.b_in/m']!;
    expect(bIn.data[qDim]).toBe(index('blocks.0.attn.bk') * 10000);
    expect(joined['blocks.0.attn.bo/m']).toBe(slots['blocks.0.attn.bo/m']);
  });

  it('refuses factored moments, naming the slot', () => {
    const m = tinyModel({ nLayers: 1 });
    const slots = Object.fromEntries(paramSpecs(m).map((s, i) => [`${s.name}/vr`, slotFor([s.shape[0]!], i)]));
    expect(() => joinUnfusedSlots(m, slots)).toThrow('optimizer slot blocks.0.attn.wq/vr was saved for the unfused');
  });

  it('leaves a serial model and fused-layout slots alone', () => {
    const serial = tinyModel({ block: 'serial' });
    const slots = Object.fromEntries(paramSpecs(serial).map((s, i) => [`${s.name}/v`, slotFor(s.shape, i)]));
    expect(joinUnfusedSlots(serial, slots)).toEqual(slots);
    const m = tinyModel();
    const fused = Object.fromEntries(modelParamSpecs(m).map((s, i) => [`${s.name}/v`, slotFor(s.shape, i)]));
    expect(joinUnfusedSlots(m, fused)).toEqual(fused);
  });
});
