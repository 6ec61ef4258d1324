// Cross-origin isolation for every page and asset of the UI (the app:// protocol, the dev server, `npm run web`):
// COOP + COEP make `crossOriginIsolated` true, which SharedArrayBuffer, and so tfjs' threaded wasm, requires.
/** require-corp rather than credentialless: the app loads nothing cross-origin, so nothing needs the looser mode.
 *  CORP same-origin on our own files says they may be embedded by our pages only. */
export const CROSS_ORIGIN_ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
