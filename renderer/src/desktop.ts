// The desktop app's preload API (electron/preload.ts), or undefined in a browser tab (npm run web, the e2e tests).
import type { WorkbenchApi } from '../../electron/api';

export function desktopApi(): WorkbenchApi | undefined {
  return (globalThis as { workbench?: WorkbenchApi }).workbench;
}
