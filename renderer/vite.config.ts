// Vite builds the renderer (root renderer/, output renderer/dist) for both the web build and Electron: relative
// asset paths so file:// loading works, the training worker as an ES module, no inline scripts (Electron's CSP), and
// the cross-origin isolation headers on the dev and preview servers (`npm run web`) so threaded wasm can run.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from '../electron/isolation-headers';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The worker bundles TensorFlow.js; a large chunk is expected there.
    chunkSizeWarningLimit: 4000,
    // Keep every asset a file: inline data: URLs would need a looser CSP.
    assetsInlineLimit: 0,
    // tfjs' threaded wasm starts each thread from its factory's source text (Function.toString()); a minifier that
    // renames the factory's free variables (emscripten's _scriptDir) leaves that text with names that do not exist
    // in the thread ("ReferenceError: e is not defined"), so wasm threads need an unminified bundle.
    minify: false,
  },
  // The worker and the experiment presets live outside renderer/.
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS },
  },
  preview: { headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS } },
});
