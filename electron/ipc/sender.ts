// The sender check every IPC handler runs first: only the app's own main window, in its top frame, showing the
// app's own origin, may call the main process. A page that got in some other way (a sub-frame, a navigation) may not.
import { IpcRefusal } from './refusal';

/** What a handler learns about the caller, copied from Electron's IpcMainInvokeEvent (see ipc/register.ts). */
export interface SenderInfo {
  webContentsId: number;
  /** The calling frame's URL; null when the frame is gone. */
  frameUrl: string | null;
  isMainFrame: boolean;
}

export interface SenderPolicy {
  /** The main window's webContents id, or null before it exists / after it closed. */
  mainWebContentsId(): number | null;
  /** e.g. "app://workbench", or the dev server's "http://localhost:5173". */
  allowedOrigins: readonly string[];
}

/** scheme://host[:port]; unlike URL.origin it also names custom schemes such as app://. */
export function describeOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function assertTrustedSender(sender: SenderInfo, policy: SenderPolicy, what: string): void {
  const mainId = policy.mainWebContentsId();
  if (mainId === null || sender.webContentsId !== mainId) {
    throw new IpcRefusal(`${what} refused: the request did not come from the main window`);
  }
  if (!sender.isMainFrame) throw new IpcRefusal(`${what} refused: the request came from a sub-frame`);
  const origin = sender.frameUrl === null ? null : describeOrigin(sender.frameUrl);
  if (origin === null || !policy.allowedOrigins.includes(origin)) {
    throw new IpcRefusal(
      `${what} refused: the request came from ${origin ?? 'an unknown page'}, not from ${policy.allowedOrigins.join(' or ')}`,
    );
  }
}
