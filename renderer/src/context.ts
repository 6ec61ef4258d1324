// React access to the app's services: the run store, the builder store, the training client and its worker pool,
// created once in main.tsx. Components select only the slices they draw (docs/design.md §1 rule 4).
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { BuilderState, BuilderStore } from './builder/builder-store';
import type { Preset } from './builder/presets';
import type { TrainingClient } from './training-client';
import type { WorkerPool } from '../../core/runs/pool';
import type { WorkbenchState, WorkbenchStore } from './store/workbench-store';

export interface Services {
  store: WorkbenchStore;
  builder: BuilderStore;
  client: TrainingClient;
  /** The workers behind the client: the parallel-runs setting resizes it. */
  pool: WorkerPool;
  presets: Preset[];
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ServicesContext is missing');
  return services;
}

export function useWorkbench<T>(select: (s: WorkbenchState) => T): T {
  return useStore(useServices().store, useShallow(select));
}

export function useBuilder<T>(select: (s: BuilderState) => T): T {
  return useStore(useServices().builder, useShallow(select));
}
