// Choose and initialise the TensorFlow.js backend: webgpu -> wasm -> cpu, or the one asked for, and say why a
// faster one was not used (DESIGN.md §1). The environment (Dawn globals in Node, a Worker in the browser) is the
// caller's job; this file only looks at `navigator.gpu`.
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

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
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

/** Why webgpu cannot start here, or the adapter it would use. */
async function probeWebGpu(): Promise<{ ok: true; adapter: string } | { ok: false; reason: string }> {
  const gpu = navigatorGpu();
  if (!gpu) return { ok: false, reason: 'no navigator.gpu (WebGPU is not exposed in this environment)' };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { ok: false, reason: `requestAdapter() failed: ${(e as Error).message}` };
  }
  if (!adapter) return { ok: false, reason: 'navigator.gpu.requestAdapter() returned null (no usable GPU adapter)' };
  return { ok: true, adapter: describeAdapter(adapter) };
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

async function tryStart(name: BackendName): Promise<{ ok: true; info: BackendInfo } | { ok: false; reason: string }> {
  try {
    if (name === 'webgpu') {
      const probe = await probeWebGpu();
      if (!probe.ok) return probe;
      await start(name);
      return { ok: true, info: { backend: name, adapterInfo: probe.adapter } };
    }
    await start(name);
    return { ok: true, info: { backend: name } };
  } catch (e) {
    return { ok: false, reason: `${name} initialisation failed: ${(e as Error).message}` };
  }
}

/**
 * Start the requested backend (an error says why it cannot), or the fastest that works, with the reasons the
 * faster ones were skipped in `fallbackReason`.
 */
export async function initBackend(requested?: BackendName): Promise<BackendInfo> {
  if (requested) {
    const r = await tryStart(requested);
    if (!r.ok) throw new Error(`backend "${requested}" is not available: ${r.reason}`);
    return r.info;
  }
  const reasons: string[] = [];
  for (const name of BACKENDS) {
    const r = await tryStart(name);
    if (r.ok) return reasons.length > 0 ? { ...r.info, fallbackReason: reasons.join('; ') } : r.info;
    reasons.push(r.reason);
  }
  throw new Error(`no TensorFlow.js backend could start: ${reasons.join('; ')}`);
}

export function parseBackendName(value: string): BackendName {
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`unknown backend "${value}": use one of ${BACKENDS.join(', ')}`);
}
