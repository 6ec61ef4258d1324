// Shared pieces of the Electron handler tests: a trusted sender and its policy, temporary folders, and a walk that
// lists every file under a folder (to prove nothing was written outside the one the user chose).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { SenderInfo, SenderPolicy } from '../electron/ipc/sender';

const MAIN_ID = 7;
export const POLICY: SenderPolicy = { mainWebContentsId: () => MAIN_ID, allowedOrigins: ['app://workbench'] };
export const TRUSTED: SenderInfo = {
  webContentsId: MAIN_ID,
  frameUrl: 'app://workbench/index.html',
  isMainFrame: true,
};

export const HOSTILE_SENDERS: [string, SenderInfo, RegExp][] = [
  ['another window', { ...TRUSTED, webContentsId: 99 }, /did not come from the main window/],
  ['a sub-frame', { ...TRUSTED, isMainFrame: false }, /sub-frame/],
  [
    'a remote page in the main window',
    { ...TRUSTED, frameUrl: 'https://evil.example/x.html' },
    /came from https:\/\/evil\.example, not from app:\/\/workbench/,
  ],
  [
    'a file:// page',
    { ...TRUSTED, frameUrl: 'file:///tmp/evil.html' },
    /came from file:\/\/, not from app:\/\/workbench/,
  ],
  ['a frame that is gone', { ...TRUSTED, frameUrl: null }, /came from an unknown page/],
];

const made: string[] = [];

/** A fresh temporary folder, removed after the test. */
export async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'palm-electron-test-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Every path under dir, relative, sorted (symlinks listed, not followed). */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String).sort();
}
