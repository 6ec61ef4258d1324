// Vite builds the renderer (root renderer/, output renderer/dist) for both the web build and Electron: relative
// asset paths so file:// loading works, the training worker as an ES module, and no inline scripts (Electron's CSP).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

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
  },
  // The worker and the experiment presets live outside renderer/.
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
