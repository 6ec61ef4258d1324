// Cross-origin isolation (threaded wasm needs it): the app:// protocol and the Vite servers behind `npm run web`
// send COOP same-origin + COEP require-corp on every page, script, worker and wasm file.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import viteConfig from '../renderer/vite.config';
import { createAppFileHandler } from '../electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../electron/csp';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from '../electron/isolation-headers';
import { makeTempDir } from './electron-helpers';

describe('cross-origin isolation headers', () => {
  test('are COOP same-origin, COEP require-corp and CORP same-origin', () => {
    expect(CROSS_ORIGIN_ISOLATION_HEADERS).toEqual({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  });

  test('come with every app:// response: the page, its scripts and the wasm binaries', async () => {
    const dist = join(await makeTempDir(), 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html>');
    await writeFile(join(dist, 'assets', 'worker.js'), '');
    await writeFile(join(dist, 'assets', 'tfjs-backend-wasm-threaded-simd.wasm'), new Uint8Array([0, 97, 115, 109]));
    const handle = createAppFileHandler(dist, CONTENT_SECURITY_POLICY);
    for (const path of ['index.html', 'assets/worker.js', 'assets/tfjs-backend-wasm-threaded-simd.wasm']) {
      const response = await handle(new Request(`app://workbench/${path}`));
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(response.headers.get('cross-origin-embedder-policy'), path).toBe('require-corp');
      expect(response.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
    }
  });

  test('are set on the Vite dev server and on the preview server `npm run web` starts', () => {
    const config = viteConfig as { server?: { headers?: object }; preview?: { headers?: object } };
    expect(config.preview?.headers).toEqual(CROSS_ORIGIN_ISOLATION_HEADERS);
    expect(config.server?.headers).toEqual(CROSS_ORIGIN_ISOLATION_HEADERS);
  });
});
