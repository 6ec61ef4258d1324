// The Content-Security-Policy of the app's pages. The main process sends it as a response header from the app://
// protocol (electron/app-protocol.ts) and on the dev server's responses; the renderer may repeat it in a <meta> tag.
/**
 * Scripts and workers only from the app itself; 'wasm-unsafe-eval' lets TensorFlow.js compile its WASM backend
 * without allowing eval(). Inline styles stay allowed because charts set style attributes; nothing else is inline.
 */
const PRODUCTION_DIRECTIVES = {
  'default-src': ["'none'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
} satisfies Record<string, string[]>;

function formatPolicy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

export const CONTENT_SECURITY_POLICY = formatPolicy(PRODUCTION_DIRECTIVES);

/**
 * The dev server (Vite) injects an inline React-refresh preamble and talks to its HMR socket, so only in
 * development scripts may be inline and connections may go to the dev origin's websocket.
 */
export function buildDevContentSecurityPolicy(devOrigin: string): string {
  const socket = devOrigin.replace(/^http/, 'ws');
  return formatPolicy({
    ...PRODUCTION_DIRECTIVES,
    'script-src': [...PRODUCTION_DIRECTIVES['script-src'], "'unsafe-inline'"],
    'connect-src': ["'self'", socket],
  });
}
