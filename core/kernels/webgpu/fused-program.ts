// The WebGPU side of the fused optimizer updates (docs/palm.md §4): the slice of tfjs-backend-webgpu they use, and the two
// WGSL program shapes they are built from (one thread per element; one workgroup reducing a whole tensor).
import * as tf from '@tensorflow/tfjs-core';

/** A program-defined uniform, as WebGPUBackend.runWebGPUProgram takes them (appended after tfjs' own). */
export interface Uniform {
  type: 'float32' | 'int32';
  data: number[];
}

/** The methods of tfjs-backend-webgpu's WebGPUBackend used here (core does not import the backend package). */
export interface WebGPUBackendLike {
  runWebGPUProgram(program: object, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms?: Uniform[]): tf.TensorInfo;
  disposeData(dataId: object): boolean;
}

/** Registers a webgpu kernel the first time it is needed (the registry is global; registering twice throws). */
export function ensureKernel(kernelName: string, kernelFunc: tf.KernelFunc): void {
  if (tf.getKernel(kernelName, 'webgpu') == null) tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc });
}

/** f32 uniforms named in order, declared as `a : f32, b : f32,` inside tfjs' Uniforms struct. */
export function f32Uniforms(values: Record<string, number>): { decl: string; data: Uniform[] } {
  const names = Object.keys(values);
  return {
    decl: names.map((n) => `${n} : f32,`).join(' '),
    data: names.map((n) => ({ type: 'float32', data: [values[n]!] })),
  };
}

/** i32 uniforms in order, for a program whose `uniforms` string declares them (`a : i32, b : i32,`). */
export function i32Uniforms(values: number[]): Uniform[] {
  return values.map((v) => ({ type: 'int32', data: [v] }));
}

const ELEMENTWISE_WORKGROUP = 64;

/**
 * One thread per element of an output shaped like the parameter; `body` reads the inputs by flat `index` and
 * writes `result[index]`. tfjs compiles one pipeline per shaderKey (+ input ranks), so `key` names the variant.
 */
export class ElementwiseProgram {
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [ELEMENTWISE_WORKGROUP, 1, 1];
  /** Adds `size` (the element count) to the uniforms. */
  readonly size = true;

  constructor(
    key: string,
    shape: number[],
    readonly variableNames: string[],
    readonly uniforms: string,
    private readonly body: string,
  ) {
    this.outputShape = shape;
    this.shaderKey = key;
    this.dispatchLayout = { x: shape.map((_, i) => i) };
    // The backend reshapes this into 2-D when it exceeds the per-dimension workgroup limit.
    this.dispatch = [Math.ceil(tf.util.sizeFromShape(shape) / ELEMENTWISE_WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${this.body}
        }
      }`;
  }
}

/** Threads of the single workgroup that reduces a whole tensor (tfjs' own scalar reductions also use one). */
export const REDUCE_WORKGROUP = 256;

/** What a SumProgram writes from its sums `partial[j][0]` (thread 0 only): `size` outputs, by `code`. */
export interface SumFinish {
  size: number;
  code: string;
}

/**
 * One workgroup that sums per-element terms over all `uniforms.n` elements into `result[0..terms)`. `perElement`
 * reads element `i` and adds to the local accumulators `acc0`, `acc1`, ...; a tree in workgroup memory combines them.
 * With `finish`, its code writes the outputs from the sums instead (e.g. means and their combinations).
 */
export class SumProgram {
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout = { x: [0] };
  dispatch: [number, number, number] = [1, 1, 1];
  readonly workgroupSize: [number, number, number] = [REDUCE_WORKGROUP, 1, 1];

  constructor(
    key: string,
    private readonly terms: number,
    readonly variableNames: string[],
    readonly uniforms: string,
    private readonly perElement: string,
    private readonly finish?: SumFinish,
  ) {
    this.outputShape = [finish ? finish.size : terms];
    this.shaderKey = key;
  }

  getUserCode(): string {
    const accs = Array.from({ length: this.terms }, (_, j) => j);
    return `
      var<workgroup> partial : array<array<f32, ${REDUCE_WORKGROUP}>, ${this.terms}>;
      fn main(index : i32) {
        let t = i32(localId.x);
        ${accs.map((j) => `var acc${j} = 0.0;`).join(' ')}
        for (var i = t; i < uniforms.n; i = i + ${REDUCE_WORKGROUP}) {
          ${this.perElement}
        }
        ${accs.map((j) => `partial[${j}][t] = acc${j};`).join(' ')}
        workgroupBarrier();
        // Tree sum: halve the active threads each round (uniform control flow, so the barrier is legal).
        for (var half = ${REDUCE_WORKGROUP / 2}; half > 0; half = half / 2) {
          if (t < half) {
            ${accs.map((j) => `partial[${j}][t] = partial[${j}][t] + partial[${j}][t + half];`).join(' ')}
          }
          workgroupBarrier();
        }
        if (t == 0) {
          ${this.finish ? this.finish.code : accs.map((j) => `result[${j}] = partial[${j}][0];`).join(' ')}
        }
      }`;
  }
}

const ROW_WORKGROUP = 64;

/**
 * One thread per row of `uniforms.rows` rows (a loop over the row's columns inside `body`, which reads the row by
 * `index` and writes its outputs); the output is `shape`. For short rows (a vocabulary of hundreds) one thread per row
 * beats a workgroup per row: no barriers, and rows are many.
 */
export class RowProgram {
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [ROW_WORKGROUP, 1, 1];

  constructor(
    key: string,
    shape: number[],
    rows: number,
    readonly variableNames: string[],
    readonly uniforms: string,
    private readonly body: string,
  ) {
    this.outputShape = shape;
    this.shaderKey = key;
    this.dispatchLayout = { x: shape.map((_, i) => i) };
    this.dispatch = [Math.ceil(rows / ROW_WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.rows) {
          ${this.body}
        }
      }`;
  }
}
