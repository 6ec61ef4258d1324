// What a live run is doing, in words, from the worker's own `phase` messages (starting the backend, calibrating,
// building the tokenizer, training, evaluating), so a slow start-up is visible rather than guessed.
import type { RunStatus } from '../../../core/record';
import type { RunPhase } from '../../../core/runs/protocol';

const PHASE_WORDS: Record<RunPhase, string> = {
  'starting-backend': 'starting the backend',
  calibrating: 'calibrating the peak',
  'building-tokenizer': 'building the tokenizer',
  training: 'training',
  evaluating: 'evaluating',
};

/** The phase of a queued or running run; null for runs that are not live. */
export function describePhase(status: RunStatus, phase: RunPhase | undefined): string | null {
  if (status === 'queued') return 'waiting for its turn';
  if (status !== 'running') return null;
  return phase ? PHASE_WORDS[phase] : 'starting';
}
