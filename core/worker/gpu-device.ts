// The WebGPU device behind TensorFlow.js' webgpu backend: its limits (reported in `ready`) and its `lost` promise
// (a lost device ends the run as failed instead of hanging). Shared by both worker entries.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../backend';
import type { DeviceLimits } from './protocol';

interface GpuDeviceLike {
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  lost: Promise<{ message: string; reason?: string }>;
}

export function currentGpuDevice(): { limits: DeviceLimits; lost: Promise<string> } | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  const device = (tf.backend() as unknown as { device: GpuDeviceLike }).device;
  const { maxBufferSize, maxStorageBufferBindingSize } = device.limits;
  return {
    limits: { maxBufferSize, maxStorageBufferBindingSize },
    lost: device.lost.then((info) => info.message || info.reason || 'unknown reason'),
  };
}

/** Matmul sizes for the calibrated peak: a GPU needs large ones to fill it; the pure-JS cpu backend small ones. */
const CALIBRATION_SIZES: Record<BackendName, number[]> = {
  cpu: [128, 192, 256],
  wasm: [256, 384, 512],
  webgpu: [1024, 2048, 4096],
};

export function calibrationSizes(backend: BackendName): number[] {
  return CALIBRATION_SIZES[backend];
}
