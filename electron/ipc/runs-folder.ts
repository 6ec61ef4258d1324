// Open the folder where the desktop app keeps runs in the system's file manager, creating it on first use.
import { mkdir } from 'node:fs/promises';
import { IpcRefusal } from './refusal';
import { assertTrustedSender, type SenderInfo, type SenderPolicy } from './sender';

export interface RunsFolderDeps {
  policy: SenderPolicy;
  /** Chosen by the main process (userData/runs); the renderer never names it. */
  runsDir: string;
  /** shell.openPath: resolves to an error message, or "" on success. */
  openPath(path: string): Promise<string>;
}

/** Also the menu's action, which needs no sender check: it runs in the main process. */
export async function revealRunsFolder(deps: Omit<RunsFolderDeps, 'policy'>): Promise<void> {
  await mkdir(deps.runsDir, { recursive: true });
  const error = await deps.openPath(deps.runsDir);
  if (error) throw new IpcRefusal(`could not open ${deps.runsDir}: ${error}`);
}

export async function openRunsFolder(sender: SenderInfo, deps: RunsFolderDeps): Promise<void> {
  assertTrustedSender(sender, deps.policy, 'open runs folder');
  await revealRunsFolder(deps);
}
