// The desktop shell's pure parts, without Electron: the window keeps its security settings, the CSP is strict, the
// window-state file is validated, the menu has its items, WebGPU switches per platform, navigation and permissions.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildDevContentSecurityPolicy, CONTENT_SECURITY_POLICY } from '../electron/csp';
import { isExternalLinkAllowed, isNavigationAllowed, isPermissionAllowed } from '../electron/harden';
import { buildMenuTemplate } from '../electron/menu';
import { chooseRendererSource } from '../electron/renderer-source';
import { listWebGpuSwitches } from '../electron/webgpu-switches';
import { buildPrintWindowOptions, buildWindowOptions } from '../electron/window-options';
import {
  DEFAULT_BOUNDS,
  fitToDisplays,
  loadWindowState,
  parseWindowState,
  saveWindowState,
} from '../electron/window-state';
import { makeTempDir } from './electron-helpers';

function parsePolicy(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name = '', ...values]) => [name, values]),
  );
}

describe('window options', () => {
  test('keep the Electron security checklist settings', () => {
    const options = buildWindowOptions('/app/preload.cjs', DEFAULT_BOUNDS);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(options).toMatchObject({ width: 1400, height: 900, show: false });
    expect(options.x).toBeUndefined();
    expect(buildWindowOptions('/p', { x: 10, y: 20, width: 1000, height: 700, maximized: false })).toMatchObject({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
    });
  });

  test('the PDF print window is as locked down, with no preload and no JavaScript', () => {
    const { webPreferences } = buildPrintWindowOptions();
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      javascript: false,
    });
    expect(webPreferences?.preload).toBeUndefined();
    expect(webPreferences?.partition).not.toMatch(/^persist:/);
  });
});

describe('content security policy', () => {
  test('allows scripts and workers only from the app, WASM compilation, and nothing remote', () => {
    const policy = parsePolicy(CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|https?:|\*/);
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
  });

  test('the dev policy only adds the inline preamble and the dev server socket', () => {
    const policy = parsePolicy(buildDevContentSecurityPolicy('http://localhost:5173'));
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(policy.get('default-src')).toEqual(["'none'"]);
  });
});

describe('window state', () => {
  test.each([
    ['not JSON', '{"width": 12'],
    ['the wrong types', '{"width": "1200", "height": 800}'],
    ['a tiny window', '{"width": 10, "height": 10}'],
    ['an absurd position', '{"x": 1e12, "y": 0, "width": 1200, "height": 800}'],
    ['unknown keys', '{"width": 1200, "height": 800, "preload": "/tmp/evil.js"}'],
    ['an array', '[1200, 800]'],
    ['a huge file', `{"width": 1200, "height": 800, "pad": "${' '.repeat(5000)}"}`],
  ])('a file with %s gives the defaults', (_what, text) => {
    expect(parseWindowState(text)).toEqual(DEFAULT_BOUNDS);
  });

  test('a saved state loads back; a missing or corrupt file gives the defaults', async () => {
    const dir = await makeTempDir();
    const file = join(dir, 'window-state.json');
    expect(await loadWindowState(file)).toEqual(DEFAULT_BOUNDS);
    const bounds = { x: 40, y: 30, width: 1280, height: 720, maximized: true };
    await saveWindowState(file, bounds);
    expect(await loadWindowState(file)).toEqual(bounds);
    await writeFile(file, '\u0000garbage');
    expect(await loadWindowState(file)).toEqual(DEFAULT_BOUNDS);
  });

  test('a position off every display is dropped, and the size shrinks to fit', () => {
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(fitToDisplays({ x: 100, y: 50, width: 1200, height: 800, maximized: false }, screen)).toEqual({
      x: 100,
      y: 50,
      width: 1200,
      height: 800,
      maximized: false,
    });
    // A window left on a second monitor that has been unplugged.
    expect(fitToDisplays({ x: 2500, y: 50, width: 1200, height: 800, maximized: false }, screen)).toMatchObject({
      x: undefined,
      y: undefined,
      width: 1200,
    });
    expect(fitToDisplays({ x: 0, y: 0, width: 4000, height: 3000, maximized: false }, screen)).toMatchObject({
      width: 1920,
      height: 1080,
    });
  });
});

describe('menu', () => {
  const labelsOf = (items: MenuItemConstructorOptions[]): string[] =>
    items.flatMap((item) => [
      item.label ?? item.role ?? '',
      ...(Array.isArray(item.submenu) ? labelsOf(item.submenu) : []),
    ]);

  test.each(['linux', 'darwin', 'win32'] as const)('has every listed item on %s', (platform) => {
    const labels = labelsOf(
      buildMenuTemplate({ sendCommand: () => {}, openRunsFolder: () => {}, showAbout: () => {} }, platform),
    );
    for (const item of [
      'New experiment',
      'Open experiment…',
      'Save experiment…',
      'Export report…',
      'Open runs folder',
      'Reload',
      'Toggle developer tools',
      'About PaLM Workbench',
    ]) {
      expect(labels).toContain(item);
    }
  });

  test('the experiment and report items send their command; the others act in the main process', () => {
    const actions = { sendCommand: vi.fn(), openRunsFolder: vi.fn(), showAbout: vi.fn() };
    const items = buildMenuTemplate(actions, 'linux').flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    const click = (label: string) => (items.find((i) => i.label === label)?.click as () => void)();
    click('New experiment');
    click('Open experiment…');
    click('Save experiment…');
    click('Export report…');
    click('Open runs folder');
    click('About PaLM Workbench');
    expect(actions.sendCommand.mock.calls.map(([c]) => c)).toEqual([
      'new-experiment',
      'open-experiment',
      'save-experiment',
      'export-report',
    ]);
    expect(actions.openRunsFolder).toHaveBeenCalledOnce();
    expect(actions.showAbout).toHaveBeenCalledOnce();
    expect(items.find((i) => i.label === 'Reload')?.role).toBe('reload');
    expect(items.find((i) => i.label === 'Toggle developer tools')?.role).toBe('toggleDevTools');
  });
});

describe('WebGPU switches', () => {
  test('Linux gets unsafe-WebGPU and Vulkan in one enable-features; Windows and macOS need none', () => {
    expect(listWebGpuSwitches('linux', {})).toEqual([
      { name: 'enable-unsafe-webgpu' },
      { name: 'enable-features', value: 'Vulkan' },
    ]);
    expect(listWebGpuSwitches('win32', {})).toEqual([]);
    expect(listWebGpuSwitches('darwin', {})).toEqual([]);
  });

  test('PALM_WEBGPU_ADAPTER picks the adapter, and only a plain word is passed on', () => {
    expect(listWebGpuSwitches('darwin', { PALM_WEBGPU_ADAPTER: 'swiftshader' })).toEqual([
      { name: 'use-webgpu-adapter', value: 'swiftshader' },
    ]);
    expect(listWebGpuSwitches('darwin', { PALM_WEBGPU_ADAPTER: 'x --no-sandbox' })).toEqual([]);
  });
});

describe('navigation, windows and permissions', () => {
  const origins = ['app://workbench'];

  test('navigation stays on the app origin', () => {
    expect(isNavigationAllowed('app://workbench/index.html#runs', origins)).toBe(true);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://other/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isNavigationAllowed(url, origins)).toBe(false);
    }
  });

  test('only https links may open, in the system browser', () => {
    expect(isExternalLinkAllowed('https://arxiv.org/abs/2204.02311')).toBe(true);
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', '']) {
      expect(isExternalLinkAllowed(url)).toBe(false);
    }
  });

  test('permission requests are denied except a sanitized clipboard write', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'hid',
      'serial',
      'usb',
      'fullscreen',
      'clipboard-read',
    ]) {
      expect(isPermissionAllowed(permission)).toBe(false);
    }
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true);
  });
});

describe('renderer source', () => {
  test('the built renderer over app:// by default; a dev server only on this machine', () => {
    expect(chooseRendererSource({})).toEqual({
      url: 'app://workbench/index.html',
      origin: 'app://workbench',
      dev: false,
    });
    expect(chooseRendererSource({ PALM_WORKBENCH_DEV_URL: 'http://localhost:5173' })).toEqual({
      url: 'http://localhost:5173/',
      origin: 'http://localhost:5173',
      dev: true,
    });
    expect(() => chooseRendererSource({ PALM_WORKBENCH_DEV_URL: 'https://evil.example' })).toThrow(
      /must be an http:\/\/localhost or http:\/\/127\.0\.0\.1 URL/,
    );
    expect(() => chooseRendererSource({ PALM_WORKBENCH_DEV_URL: 'localhost' })).toThrow(/is not a URL/);
  });
});
