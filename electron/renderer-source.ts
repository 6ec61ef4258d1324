// Where the window's page comes from: the built renderer over app:// (default), or Vite's dev server when
// PALM_WORKBENCH_DEV_URL names one on this machine (http://localhost or 127.0.0.1 only, never a remote page).
import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol';

export interface RendererSource {
  url: string;
  origin: string;
  dev: boolean;
}

export function chooseRendererSource(env: Record<string, string | undefined>): RendererSource {
  const devUrl = env.PALM_WORKBENCH_DEV_URL;
  if (!devUrl) return { url: APP_INDEX_URL, origin: APP_ORIGIN, dev: false };
  let parsed: URL;
  try {
    parsed = new URL(devUrl);
  } catch {
    throw new Error(`PALM_WORKBENCH_DEV_URL=${devUrl} is not a URL; use e.g. http://localhost:5173`);
  }
  if (parsed.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(parsed.hostname)) {
    throw new Error(`PALM_WORKBENCH_DEV_URL=${devUrl} must be an http://localhost or http://127.0.0.1 URL`);
  }
  return { url: parsed.href, origin: parsed.origin, dev: true };
}
