// The main window's size and position, remembered in a small JSON file in userData. The file is validated on
// load: anything corrupt, hostile or off every screen falls back to the defaults.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1400, height: 900, maximized: false };
export const WINDOW_STATE_FILE = 'window-state.json';
/** A state file is a few dozen bytes; anything much bigger is not ours. */
const MAX_STATE_BYTES = 4096;

const coordinate = z.number().int().min(-100_000).max(100_000);
const length = z.number().int().min(200).max(20_000);
const stateSchema = z.strictObject({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: length,
  height: length,
  maximized: z.boolean().default(false),
});

/** Parsed state file text, or the defaults when it is not valid. */
export function parseWindowState(text: string): WindowBounds {
  if (text.length > MAX_STATE_BYTES) return { ...DEFAULT_BOUNDS };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ...DEFAULT_BOUNDS };
  }
  const result = stateSchema.safeParse(json);
  return result.success ? result.data : { ...DEFAULT_BOUNDS };
}

/**
 * Keeps the remembered position only when enough of the window's title bar lands on a current display (a monitor
 * may have been unplugged since); the size is kept either way, shrunk to the largest display.
 */
export function fitToDisplays(bounds: WindowBounds, workAreas: Rectangle[]): WindowBounds {
  if (workAreas.length === 0) return bounds;
  const widest = Math.max(...workAreas.map((a) => a.width));
  const tallest = Math.max(...workAreas.map((a) => a.height));
  const size = { width: Math.min(bounds.width, widest), height: Math.min(bounds.height, tallest) };
  const { x, y } = bounds;
  if (x === undefined || y === undefined) return { ...bounds, ...size, x: undefined, y: undefined };
  const titleBarVisible = workAreas.some(
    (a) => x + 100 <= a.x + a.width && x + size.width - 100 >= a.x && y >= a.y && y + 30 <= a.y + a.height,
  );
  return titleBarVisible ? { ...bounds, ...size } : { ...bounds, ...size, x: undefined, y: undefined };
}

export async function loadWindowState(file: string): Promise<WindowBounds> {
  try {
    return parseWindowState(await readFile(file, 'utf8'));
  } catch {
    return { ...DEFAULT_BOUNDS };
  }
}

/** Written to a temporary file and renamed, so a crash mid-write never leaves a half file behind. */
export async function saveWindowState(file: string, bounds: WindowBounds): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(stateSchema.parse(bounds))}\n`, 'utf8');
  await rename(tmp, file);
}
