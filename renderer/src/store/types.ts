// The shapes the store holds: plain, serialisable data only (docs/design.md §1 rule 4). Checkpoint bytes stay in
// IndexedDB; the store keeps only the step of the latest one.
import type { BenchedSpeed, FromWorker } from '../../../core/runs/protocol';
import type { RunState } from '../../../core/runs/fold';
import type { KeptPeak } from '../../../core/runs/peak';
import type { RunStyle } from '../palette';

/** The experiment a run was queued (or imported) with: runs are grouped by it and compared with its base. */
export interface ExperimentRef {
  id: string;
  name: string;
}

/** A run's state as the orchestration core folds it (checkpointStep: the latest kept in storage), plus the UI's. */
export interface RunEntry extends RunState {
  /** Whether this session's worker holds the run (it can pause/resume/sample it without a checkpoint). */
  attached: boolean;
  /** Its colour (and dash, past seven live runs), picked once when the store first holds it. */
  style?: RunStyle;
  /** Absent for runs stored before experiments were kept: each is its own group. */
  experiment?: ExperimentRef;
}

/** A backend's peak as kept across loads (runs/peak.ts, runs/peak-storage.ts). */
export type { KeptPeak } from '../../../core/runs/peak';

/** What the worker's `ready` said, plus the calibrated peak once a run has measured it (or a kept one). */
export type BackendState = Omit<Extract<FromWorker, { type: 'ready' }>, 'type'> & {
  peakFlopsPerSec?: number;
  /** Where the peak came from and when (runs/peak-storage.ts keeps one per backend across loads). */
  peakSource?: KeptPeak;
};

export interface SampleState {
  pending: boolean;
  /** The prompt the text continues (the worker returns the continuation only). */
  prompt: string;
  text: string;
  tokensPerSec: number | null;
  error?: string;
  /** Waiting for another sample to finish: decodes run one at a time, so their speeds compare fairly. */
  queued?: boolean;
}

export interface Notice {
  id: number;
  message: string;
}

/** An experiment's latest interleaved speed bench (core/bench/speeds.ts through the worker), kept in IndexedDB. */
export interface BenchRecord {
  /** The experiment group it timed (runs/groups.ts). */
  experimentId: string;
  /** The backend it ran on, its adapter and wasm threads: the speeds hold for that backend only. */
  backend: string;
  adapterInfo?: string;
  wasmThreads?: number;
  /** Timed steps per variant. */
  steps: number;
  /** When it ended (ISO 8601). */
  measuredAt: string;
  speeds: BenchedSpeed[];
}

/** The bench running now (one at a time), or the last one that ended without speeds and why. */
export interface BenchJob {
  benchId: string;
  experimentId: string;
  steps: number;
  running: boolean;
  /** Share of its steps done, 0 to 1, and what it times now. */
  fraction: number;
  line: string;
  /** Why it ended without speeds (stopped, refused or failed). */
  error?: string;
}

export interface WorkbenchData {
  runs: Record<string, RunEntry>;
  /** Run ids, oldest first. */
  order: string[];
  backend: BackendState | null;
  samples: Record<string, SampleState>;
  /** Errors not tied to a run (or not recoverable), newest last. */
  notices: Notice[];
  /** Each experiment's latest bench, by experiment group id. */
  benches: Record<string, BenchRecord>;
  bench: BenchJob | null;
}

export const EMPTY_DATA: WorkbenchData = {
  runs: {},
  order: [],
  backend: null,
  samples: {},
  notices: [],
  benches: {},
  bench: null,
};
