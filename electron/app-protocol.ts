// The app:// protocol that serves the built renderer (renderer/dist) with the Content-Security-Policy and the
// cross-origin isolation headers (threaded wasm) on every response.
// A real origin, unlike file://, lets module workers load from 'self' and gives IPC a sender origin to check.
import { readFile, realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from './isolation-headers';

export const APP_SCHEME = 'app';
const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  // WebAssembly.instantiateStreaming insists on this type.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file an app:// URL names inside rootDir, or null for another host, a path out of the root or a NUL byte. */
export function resolveAppFile(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(root + sep) ? file : null;
}

function respondNotFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** A protocol.handle handler: files of rootDir (symlinks out of it refused), each with the CSP and isolation headers. */
export function createAppFileHandler(rootDir: string, csp: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = resolveAppFile(rootDir, request.url);
    if (file === null || request.method !== 'GET') return respondNotFound();
    try {
      const [root, real] = await Promise.all([realpath(rootDir), realpath(file)]);
      if (!real.startsWith(root + sep)) return respondNotFound();
      const body = await readFile(real);
      return new Response(new Uint8Array(body), {
        headers: {
          'Content-Type': CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
          ...CROSS_ORIGIN_ISOLATION_HEADERS,
        },
      });
    } catch {
      return respondNotFound();
    }
  };
}
