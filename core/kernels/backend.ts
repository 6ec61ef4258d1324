// Choose and initialise the TensorFlow.js backend (docs/design.md §1): webgpu -> wasm -> cpu, a fallback (software)
// GPU adapter ranked below wasm, or the one asked for; say why a faster one was not used; the device's limits.
// The environment (Dawn globals in Node, a Worker in the browser) is the caller's job: this looks at navigator.gpu.
import * as tf from '@tensorflow/tfjs-core';

export const BACKENDS = ['webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendInfo {
  backend: BackendName;
  /** The GPU adapter, e.g. "nvidia / hopper / NVIDIA H100"; absent off webgpu. */
  adapterInfo?: string;
  /** Why a faster backend was not used, when one was skipped. */
  fallbackReason?: string;
  /** Threads the wasm backend computes on (XNNPACK's pool); absent off wasm. */
  wasmThreads?: number;
  /** Why wasm runs on one thread where it could run on more (e.g. the page is not cross-origin isolated). */
  wasmThreadsNote?: string;
}

export interface DeviceLimits {
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
}

interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
export interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  /** Where older implementations (Chromium < 126, Dawn's node binding) put the flag. */
  isFallbackAdapter?: boolean;
}
interface NavigatorGpuLike {
  gpu?: { requestAdapter(options?: object): Promise<GpuAdapterLike | null> };
}

function navigatorGpu(): NavigatorGpuLike['gpu'] {
  return (globalThis as { navigator?: NavigatorGpuLike }).navigator?.gpu;
}

function describeAdapter(adapter: GpuAdapterLike): string {
  const i = adapter.info ?? {};
  return (
    [i.vendor, i.architecture, i.device, i.description].filter((s) => s && s.length > 0).join(' / ') ||
    'unknown adapter'
  );
}

/**
 * A software adapter (the browser's fallback, SwiftShader): WebGPU on it trains ~20x slower than wasm here, so the
 * automatic choice must not prefer it.
 */
export function isFallbackAdapter(adapter: GpuAdapterLike): boolean {
  if (adapter.info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true) return true;
  return /swiftshader/i.test(describeAdapter(adapter));
}

type Probe = { ok: true; adapter: string; fallback: boolean } | { ok: false; reason: string };

/** Why webgpu cannot start here, or the adapter it would use. */
async function probeWebGpu(): Promise<Probe> {
  const gpu = navigatorGpu();
  if (!gpu) return { ok: false, reason: 'no navigator.gpu (WebGPU is not exposed in this environment)' };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { ok: false, reason: `requestAdapter() failed: ${(e as Error).message}` };
  }
  if (!adapter) return { ok: false, reason: 'navigator.gpu.requestAdapter() returned null (no usable GPU adapter)' };
  return { ok: true, adapter: describeAdapter(adapter), fallback: isFallbackAdapter(adapter) };
}

async function start(name: BackendName): Promise<void> {
  // Imported lazily: the webgpu module registers itself only if navigator.gpu exists at import time,
  // and cpu-only environments never pay for loading the others.
  if (name === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
    // Honest GPU timing: never run small ops on the CPU behind the benchmark's back.
    tf.env().set('WEBGPU_CPU_FORWARD', false);
  } else if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

type Started = { ok: true; info: BackendInfo } | { ok: false; reason: string };

async function tryStart(name: BackendName, probe?: Probe): Promise<Started> {
  try {
    if (name === 'webgpu') {
      const p = probe ?? (await probeWebGpu());
      if (!p.ok) return p;
      await start(name);
      return { ok: true, info: { backend: name, adapterInfo: p.adapter } };
    }
    await start(name);
    return { ok: true, info: { backend: name } };
  } catch (e) {
    return { ok: false, reason: `${name} initialisation failed: ${(e as Error).message}` };
  }
}

/**
 * Start the requested backend (an error says why it cannot), or the fastest that works, with the reasons the
 * faster ones were skipped in `fallbackReason`. A fallback adapter is tried after wasm, and only if wasm fails.
 */
export async function initBackend(requested?: BackendName): Promise<BackendInfo> {
  if (requested) {
    const r = await tryStart(requested);
    if (!r.ok) throw new Error(`backend "${requested}" is not available: ${r.reason}`);
    return r.info;
  }
  const probe = await probeWebGpu();
  const software = probe.ok && probe.fallback;
  const order: BackendName[] = software ? ['wasm', 'webgpu', 'cpu'] : ['webgpu', 'wasm', 'cpu'];
  const reasons: string[] = [];
  if (software) {
    reasons.push(
      `webgpu ranked below wasm: its adapter (${probe.adapter}) is a fallback (software) adapter, slower than wasm; ` +
        'ask for webgpu explicitly to use it',
    );
  }
  for (const name of order) {
    const r = await tryStart(name, name === 'webgpu' ? probe : undefined);
    if (r.ok) return reasons.length > 0 ? { ...r.info, fallbackReason: reasons.join('; ') } : r.info;
    reasons.push(r.reason);
  }
  throw new Error(`no TensorFlow.js backend could start: ${reasons.join('; ')}`);
}

export function parseBackendName(value: string): BackendName {
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`unknown backend "${value}": use one of ${BACKENDS.join(', ')}`);
}

/** One key per device for caching its calibration: the backend and, on webgpu, the adapter. */
export function deviceKey(info: BackendInfo): string {
  return info.adapterInfo ? `${info.backend}: ${info.adapterInfo}` : info.backend;
}

interface GpuDeviceLike {
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  lost: Promise<{ message: string; reason?: string }>;
}

/** The webgpu device's limits (reported in `ready`) and its `lost` promise (a lost device fails the run). */
export function currentGpuDevice(): { limits: DeviceLimits; lost: Promise<string> } | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  const device = (tf.backend() as unknown as { device: GpuDeviceLike }).device;
  const { maxBufferSize, maxStorageBufferBindingSize } = device.limits;
  return {
    limits: { maxBufferSize, maxStorageBufferBindingSize },
    lost: device.lost.then((info) => info.message || info.reason || 'unknown reason'),
  };
}
