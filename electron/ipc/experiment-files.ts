// Open and save experiment specs (docs/design.md §2) through native dialogs. A spec is validated by core/config's
// parseExperiment both ways: a file that does not parse never reaches the UI, and the UI cannot save one either.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ExperimentError } from '../../core/config/experiment';
import { parseExperiment } from '../../core/claims';
import type { OpenExperimentResult, SaveExperimentResult } from '../api';
import { IpcRefusal } from './refusal';
import { assertTrustedSender, type SenderInfo, type SenderPolicy } from './sender';

/** Specs are a few kilobytes; a megabyte is generous and keeps a stray large file out of the renderer. */
export const MAX_SPEC_BYTES = 1024 * 1024;

export interface OpenExperimentDeps {
  policy: SenderPolicy;
  /** The native open dialog (JSON files); null when the user cancels. */
  chooseFile(): Promise<string | null>;
}

export interface SaveExperimentDeps {
  policy: SenderPolicy;
  /** The native save dialog, suggesting defaultName; null when the user cancels. */
  chooseSavePath(defaultName: string): Promise<string | null>;
}

function validateSpec(json: unknown, file: string): void {
  try {
    parseExperiment(json, file);
  } catch (e) {
    if (e instanceof ExperimentError) throw new IpcRefusal(`not a valid experiment spec:\n${e.message}`);
    throw e;
  }
}

export async function openExperiment(sender: SenderInfo, deps: OpenExperimentDeps): Promise<OpenExperimentResult> {
  assertTrustedSender(sender, deps.policy, 'open experiment');
  const path = await deps.chooseFile();
  if (path === null) return { canceled: true };
  const fileName = basename(path);
  const info = await stat(path);
  if (!info.isFile()) throw new IpcRefusal(`${fileName} is not a file`);
  if (info.size > MAX_SPEC_BYTES)
    throw new IpcRefusal(`${fileName} is ${info.size} bytes; an experiment spec may be at most ${MAX_SPEC_BYTES}`);
  let spec: unknown;
  try {
    spec = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new IpcRefusal(`${fileName} is not valid JSON: ${(e as Error).message}`);
  }
  validateSpec(spec, fileName);
  return { canceled: false, fileName, spec, experiment: parseExperiment(spec, fileName) };
}

/** The spec's name as a file name suggestion: letters, digits and dashes only. */
export function suggestSpecFileName(spec: unknown): string {
  const name = typeof (spec as { name?: unknown } | null)?.name === 'string' ? (spec as { name: string }).name : '';
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'experiment'}.json`;
}

export async function saveExperiment(
  sender: SenderInfo,
  payload: unknown,
  deps: SaveExperimentDeps,
): Promise<SaveExperimentResult> {
  assertTrustedSender(sender, deps.policy, 'save experiment');
  let text: string | undefined;
  try {
    text = JSON.stringify(payload, null, 2);
  } catch (e) {
    throw new IpcRefusal(`save experiment refused: the spec is not JSON data (${(e as Error).message})`);
  }
  if (text === undefined) throw new IpcRefusal('save experiment refused: the spec is not JSON data');
  if (text.length > MAX_SPEC_BYTES)
    throw new IpcRefusal(`save experiment refused: the spec is ${text.length} bytes; at most ${MAX_SPEC_BYTES}`);
  validateSpec(payload, 'experiment');
  // The path comes from the native dialog, i.e. from the user, never from the renderer.
  const chosen = await deps.chooseSavePath(suggestSpecFileName(payload));
  if (chosen === null) return { canceled: true };
  const path = chosen.toLowerCase().endsWith('.json') ? chosen : `${chosen}.json`;
  await writeFile(path, `${text}\n`, 'utf8');
  return { canceled: false, fileName: basename(path) };
}
