// The app:// protocol serves renderer/dist and nothing else: traversal, encoded traversal, other hosts and symlinks
// out of the folder get 404; every response carries the CSP.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createAppFileHandler, resolveAppFile } from '../electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../electron/csp';
import { makeTempDir } from './electron-helpers';

async function makeDist(): Promise<{ root: string; dist: string; outside: string }> {
  const root = await makeTempDir();
  const dist = join(root, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>PaLM Workbench</title>');
  await writeFile(join(dist, 'assets', 'worker.js'), 'self.onmessage = () => {};');
  await writeFile(join(dist, 'assets', 'tfjs.wasm'), new Uint8Array([0, 97, 115, 109]));
  const outside = join(root, 'secret.txt');
  await writeFile(outside, 'secret');
  await symlink(outside, join(dist, 'assets', 'link.txt'));
  return { root, dist, outside };
}

describe('app:// protocol', () => {
  test('maps URLs to files inside the root only', () => {
    expect(resolveAppFile('/srv/dist', 'app://workbench/')).toBe('/srv/dist/index.html');
    expect(resolveAppFile('/srv/dist', 'app://workbench/assets/a.js?v=1')).toBe('/srv/dist/assets/a.js');
    for (const url of [
      'app://workbench/%2e%2e/%2e%2e/etc/passwd',
      'app://workbench/..%2f..%2fetc%2fpasswd',
      'app://workbench/%2Fetc%2Fpasswd/..%2F..%2F..',
      'app://other/index.html',
      'file:///etc/passwd',
      'app://workbench/a%00.js',
      'app://workbench/%E0%A4%A',
    ]) {
      const file = resolveAppFile('/srv/dist', url);
      expect(file === null || file.startsWith('/srv/dist/'), `${url} -> ${file}`).toBe(true);
    }
    expect(resolveAppFile('/srv/dist', 'app://workbench/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppFile('/srv/dist', 'app://other/index.html')).toBeNull();
  });

  test('serves files with their type and the CSP header', async () => {
    const { dist } = await makeDist();
    const handle = createAppFileHandler(dist, CONTENT_SECURITY_POLICY);
    const page = await handle(new Request('app://workbench/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('PaLM Workbench');
    expect((await handle(new Request('app://workbench/assets/tfjs.wasm'))).headers.get('content-type')).toBe(
      'application/wasm',
    );
    expect((await handle(new Request('app://workbench/assets/worker.js'))).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
  });

  test('a symlink out of the folder, a missing file and a POST get 404', async () => {
    const { dist } = await makeDist();
    const handle = createAppFileHandler(dist, CONTENT_SECURITY_POLICY);
    const link = await handle(new Request('app://workbench/assets/link.txt'));
    expect(link.status).toBe(404);
    expect(await link.text()).not.toContain('secret');
    expect((await handle(new Request('app://workbench/missing.js'))).status).toBe(404);
    expect((await handle(new Request('app://workbench/index.html', { method: 'POST', body: 'x' }))).status).toBe(404);
  });
});
