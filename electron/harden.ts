// Locks down every web page the app creates (Electron security checklist 11–14): no navigation away from the app,
// no new windows (https links go to the system browser), no webviews, and permission requests denied.
import type { Session, WebContents } from 'electron';
import { describeOrigin } from './ipc/sender';

/**
 * WebGPU needs no permission in Chromium, so nothing is granted for it; copying to the clipboard (a
 * "copy table" button) is the one permission the UI may use.
 */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

export function isNavigationAllowed(url: string, allowedOrigins: readonly string[]): boolean {
  const origin = describeOrigin(url);
  return origin !== null && allowedOrigins.includes(origin);
}

/** Links with target=_blank: only https pages, and only in the user's browser, never in an app window. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
  session.setDevicePermissionHandler(() => false);
}

export function hardenContents(
  contents: WebContents,
  allowedOrigins: readonly string[],
  openExternal: (url: string) => void,
): void {
  const refuseNavigation = (event: { preventDefault(): void }, url: string) => {
    if (!isNavigationAllowed(url, allowedOrigins)) event.preventDefault();
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) openExternal(url);
    return { action: 'deny' };
  });
}
