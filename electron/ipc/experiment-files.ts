// Open and save experiment specs (docs/design.md §2) through native dialogs. A spec is validated by core/config's
// parseExperiment both ways: a file that does not parse never reaches the UI, and the UI cannot save one either.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ExperimentError } from '../../core/config/experiment';
import { JsonTextError, parseJsonText } from '../../core/config/json-text';
import { countUtf8Bytes, INPUT_LIMITS } from '../../core/config/limits';
import { parseExperiment } from '../../core/claims';
import type { OpenExperimentResult, SaveExperimentResult } from '../api';
import { IpcRefusal } from './refusal';
import { assertTrustedSender, type SenderInfo, type SenderPolicy } from './sender';

/** Counted as the file's bytes both ways: a spec the app saves can always be opened again (core/config/limits.ts). */
export const MAX_SPEC_BYTES = INPUT_LIMITS.specBytes;

export interface OpenExperimentDeps {
  policy: SenderPolicy;
  /** The native open dialog (JSON files); null when the user cancels. */
  chooseFile(): Promise<string | null>;
}

export interface SaveExperimentDeps {
  policy: SenderPolicy;
  /** The native save dialog, suggesting defaultName (its filter offers .json); null when the user cancels. */
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
    spec = parseJsonText(await readFile(path, 'utf8'), fileName);
  } catch (e) {
    if (e instanceof JsonTextError) throw new IpcRefusal(e.message);
    throw e;
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
  const file = `${text}\n`;
  const bytes = countUtf8Bytes(file); // the file's bytes, as openExperiment counts them
  if (bytes > MAX_SPEC_BYTES)
    throw new IpcRefusal(`save experiment refused: the spec is ${bytes} bytes; at most ${MAX_SPEC_BYTES}`);
  validateSpec(payload, 'experiment');
  // The path comes from the native dialog, i.e. from the user, never from the renderer; it is written exactly as
  // confirmed (the dialog's default name and filter supply ".json"): any other name would be a file the user never
  // saw, perhaps one that exists.
  const path = await deps.chooseSavePath(suggestSpecFileName(payload));
  if (path === null) return { canceled: true };
  await writeFile(path, file, 'utf8');
  return { canceled: false, fileName: basename(path) };
}
