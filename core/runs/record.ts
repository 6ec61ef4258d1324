// A run's record as it is created (docs/design.md §2, the run record): the one place a RunRecord literal is made,
// for the UI's queued runs and the CLI's run folders alike.
import type { Config } from '../config/schema';
import type { RunRecord } from '../record';

export interface NewRunRecord {
  id: string;
  name: string;
  /** How the run differs from its experiment's base ("" for the base or outside an experiment). */
  label: string;
  config: Config;
  /** The backend its worker reported (`unknown` before one did) and the adapter, when it said. */
  backend: { backend: string; adapterInfo?: string };
  createdAt: string;
}

/** A queued run with no summary yet; its seed is its config's. */
export function createRunRecord(run: NewRunRecord): RunRecord {
  return {
    id: run.id,
    name: run.name,
    label: run.label,
    config: run.config,
    seed: run.config.train.seed,
    backend: run.backend.backend,
    ...(run.backend.adapterInfo === undefined ? {} : { adapter: run.backend.adapterInfo }),
    status: 'queued',
    createdAt: run.createdAt,
    summary: null,
  };
}
