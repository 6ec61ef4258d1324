// The message protocol between the training worker and its clients (docs/design.md §1 rule 2): plain data and typed
// arrays only, discriminated on `type`. The UI, the CLI and the tests all speak it through the same handler.
import type { BackendName, DeviceLimits } from '../kernels/backend';
import type { Calibration } from '../kernels/calibrate';
import type { Config } from '../config/schema';
import type { MetricPoint, RunStatus, RunSummary } from '../record';
import type { BenchSpeedEntry } from '../report/summary';

/** A corpus for a run: a built-in one (per config.data) or the bytes of a user file, read by the caller. */
export type RunData = { kind: 'config' } | { kind: 'bytes'; name: string; bytes: Uint8Array };

/** Where a run may resume from: a checkpoint made by this workbench (weights + optimizer + data position). */
export interface ResumeFrom {
  checkpoint: Uint8Array;
  /** The metrics logged before the checkpoint, so the resumed curve continues them. */
  metrics: MetricPoint[];
}

/** How many wasm threads a browser worker takes: its share of the cores beside parallelRuns workers, or a count. */
export interface WasmShare {
  parallelRuns?: number;
  wasmThreads?: number;
}

export type ToWorker =
  /**
   * machineMemoryBytes: the machine's memory, when the client's edge knows it (Electron's main process does).
   * parallelRuns: how many workers train at once beside each other (core/runs: the UI's pool, `run --jobs`); a
   * browser worker's wasm then takes its share of the cores (core/runs/shares.ts). Absent: it trains alone.
   * wasmThreads: a browser worker's wasm thread count asked for outright, instead of the share (a benchmark of
   * thread counts: scripts/wasm-threads-bench.mjs).
   */
  | ({ type: 'init'; backend?: BackendName; machineMemoryBytes?: number } & WasmShare)
  | { type: 'start'; runId: string; name: string; config: Config; data: RunData; resume?: ResumeFrom }
  | { type: 'pause'; runId: string }
  | { type: 'resume'; runId: string }
  | { type: 'stop'; runId: string }
  | {
      type: 'sample';
      runId: string;
      prompt: string;
      maxTokens: number;
      temperature: number;
      topK: number;
      /** A run this worker does not hold (e.g. reloaded from storage) is sampled from its saved checkpoint. */
      from?: { checkpoint: Uint8Array; tokenizer?: string };
    }
  | { type: 'calibrate' }
  /**
   * The device's peak as another worker of the same pool calibrated it (same device, same thread share): runs here
   * use it instead of measuring again, which beside a training run would measure a shared device.
   */
  | { type: 'use-calibration'; peakFlopsPerSec: number }
  /**
   * Time the variants of each set interleaved (core/bench/speeds.ts: `run`'s rounds and warm-up rule), `steps` timed
   * steps each, on this worker's backend, while it trains nothing: the speeds verdicts compare. One bench at a time.
   */
  | { type: 'bench'; benchId: string; sets: BenchVariant[][]; steps: number }
  | { type: 'stop-bench'; benchId: string };

/** A variant to bench: the name reports key its speed by (the variant's run name without its seed) and its config. */
export interface BenchVariant {
  name: string;
  config: Config;
}

/** The bench's answer per variant: median tokens/s over the rounds, their IQR, each round's, the set it ran in. */
export type BenchedSpeed = BenchSpeedEntry & { name: string; rounds: number[]; set: number };

/** The most timed steps per variant a bench takes (a bench is minutes at most, not a training run). */
export const MAX_BENCH_STEPS = 1000;

export type { DeviceLimits };

/**
 * What a run is doing before and between its steps, so a slow start-up is visible (a calibration or a tokenizer
 * can take seconds).
 */
export const RUN_PHASES = ['starting-backend', 'calibrating', 'building-tokenizer', 'training', 'evaluating'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

export type FromWorker =
  | {
      type: 'ready';
      backend: BackendName;
      adapterInfo?: string;
      limits: DeviceLimits;
      fallbackReason?: string;
      /** Threads of the wasm backend, and why only one when more cores exist (core/kernels/backend.ts BackendInfo). */
      wasmThreads?: number;
      wasmThreadsNote?: string;
    }
  | { type: 'metrics'; runId: string; points: MetricPoint[] }
  /** A run stopped before its `training` phase (queued or starting up) gets this status and no `done`. */
  | { type: 'status'; runId: string; state: RunStatus; reason?: string }
  | { type: 'phase'; runId: string; phase: RunPhase }
  /** A checkpoint the client should keep (persisted runs resume from their latest one). */
  | { type: 'checkpoint'; runId: string; step: number; bytes: Uint8Array; tokenizer?: string }
  /** The text of a sample so far, after each generated token; the `sample` message ends it with the decode speed. */
  | { type: 'sample-text'; runId: string; text: string }
  | { type: 'sample'; runId: string; text: string; tokensPerSec: number }
  | ({ type: 'calibration'; backend: BackendName } & Pick<
      Calibration,
      'peakFlopsPerSec' | 'bestSize' | 'samples' | 'endedBy' | 'elapsedMs'
    >)
  | { type: 'error'; runId?: string; message: string; recoverable: boolean }
  /** overlappedWith: names of the runs that trained at the same time (set by core/runs' pool, as the
   *  record's field of that name holds them); absent when it trained alone. */
  | { type: 'done'; runId: string; summary: RunSummary; overlappedWith?: string[] }
  /** How far a bench is: the share of its warm-up and timed steps done (0 to 1) and what it times now. */
  | { type: 'bench-progress'; benchId: string; fraction: number; line: string }
  /** measuredAt: when it ended (ISO 8601). */
  | { type: 'bench-done'; benchId: string; backend: BackendName; speeds: BenchedSpeed[]; measuredAt: string }
  /** It ended without speeds: stopped by the user, refused (training, another bench), or failed, with why. */
  | { type: 'bench-failed'; benchId: string; message: string; stopped: boolean };

/** Compile-time exhaustiveness for `switch (msg.type)`. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
