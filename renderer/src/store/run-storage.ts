// The IndexedDB wrapper (idb): runs with their metrics in one object store, the latest checkpoint of each run in
// another, so saving metrics never rewrites checkpoint bytes. Every method is one short transaction.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { StoredCheckpoint, StoredRun } from './serialise';

export interface RunStorage {
  /** As stored, in no order: read back through parseStoredRuns. */
  loadRuns(): Promise<unknown[]>;
  saveRun(run: StoredRun): Promise<void>;
  deleteRun(runId: string): Promise<void>;
  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  loadCheckpoint(runId: string): Promise<StoredCheckpoint | undefined>;
}

interface WorkbenchDb extends DBSchema {
  runs: { key: string; value: StoredRun };
  checkpoints: { key: string; value: StoredCheckpoint };
}

const DB_NAME = 'palm-workbench';
const DB_VERSION = 1;

export async function openRunStorage(): Promise<RunStorage> {
  const db: IDBPDatabase<WorkbenchDb> = await openDB<WorkbenchDb>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('runs', { keyPath: 'record.id' });
      database.createObjectStore('checkpoints', { keyPath: 'runId' });
    },
  });
  return {
    loadRuns() {
      return db.getAll('runs');
    },
    async saveRun(run) {
      await db.put('runs', run);
    },
    async deleteRun(runId) {
      const tx = db.transaction(['runs', 'checkpoints'], 'readwrite');
      await Promise.all([tx.objectStore('runs').delete(runId), tx.objectStore('checkpoints').delete(runId), tx.done]);
    },
    async saveCheckpoint(checkpoint) {
      await db.put('checkpoints', checkpoint);
    },
    loadCheckpoint(runId) {
      return db.get('checkpoints', runId);
    },
  };
}
