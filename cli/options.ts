// Option parsers for commander: a bad value is refused with the option's expected form.
import { InvalidArgumentError } from 'commander';
import { parseBackendName, type BackendName } from '../core/kernels/backend';

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number > 0 (got "${value}")`);
  return n;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected an integer > 0 (got "${value}")`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected an integer ≥ 0 (got "${value}")`);
  return n;
}

export function backendName(value: string): BackendName {
  try {
    return parseBackendName(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}
