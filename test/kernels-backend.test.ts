// The automatic backend choice ranks a fallback (software) WebGPU adapter below wasm and says why; a named backend
// is never re-ranked. A fake navigator.gpu stands in for Chromium's SwiftShader adapter.
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { deviceKey, initBackend, isFallbackAdapter, type GpuAdapterLike } from '../core/kernels/backend';

const swiftShader: GpuAdapterLike = {
  info: { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader Device (Subzero)' },
};

function fakeGpu(adapter: GpuAdapterLike | null): void {
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu: { requestAdapter: async () => adapter } },
    configurable: true,
    writable: true,
  });
}

afterEach(async () => {
  Object.defineProperty(globalThis, 'navigator', { value: undefined, configurable: true, writable: true });
  await tf.setBackend('cpu');
});

describe('fallback adapters', () => {
  test('are recognised by the spec flag (either place) or by SwiftShader in the adapter info', () => {
    expect(isFallbackAdapter(swiftShader)).toBe(true);
    expect(isFallbackAdapter({ info: { vendor: 'x', isFallbackAdapter: true } })).toBe(true);
    expect(isFallbackAdapter({ isFallbackAdapter: true, info: {} })).toBe(true);
    expect(isFallbackAdapter({ info: { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' } })).toBe(
      false,
    );
    expect(isFallbackAdapter({})).toBe(false);
  });

  test('the automatic choice takes wasm over a SwiftShader adapter, and says so', async () => {
    setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    fakeGpu(swiftShader);
    const info = await initBackend();
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.fallbackReason).toMatch(/webgpu ranked below wasm/);
    expect(info.fallbackReason).toMatch(/SwiftShader Device \(Subzero\)/);
    expect(info.fallbackReason).toMatch(/fallback \(software\) adapter/);
  });

  test('no adapter at all: the reason names the null adapter', async () => {
    fakeGpu(null);
    const info = await initBackend();
    expect(info.backend).toBe('wasm');
    expect(info.fallbackReason).toMatch(/requestAdapter\(\) returned null/);
  });

  test('calibrations are cached per backend and adapter', () => {
    expect(deviceKey({ backend: 'wasm' })).toBe('wasm');
    expect(deviceKey({ backend: 'webgpu', adapterInfo: 'nvidia / hopper' })).toBe('webgpu: nvidia / hopper');
    expect(deviceKey({ backend: 'webgpu', adapterInfo: 'google / swiftshader' })).not.toBe(
      deviceKey({ backend: 'webgpu', adapterInfo: 'nvidia / hopper' }),
    );
  });
});
