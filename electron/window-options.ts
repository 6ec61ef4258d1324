// The main window's options, kept pure so a test can check the security settings without Electron.
// Electron security checklist: context isolation, sandbox, no Node in the renderer, web security, no webview.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowBounds } from './window-state';

const MIN_WIDTH = 900;
const MIN_HEIGHT = 600;

function buildWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // Training runs in a worker; a hidden window should not slow it down.
    backgroundThrottling: false,
  };
}

export function buildWindowOptions(preloadPath: string, bounds: WindowBounds): BrowserWindowConstructorOptions {
  return {
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'PaLM Workbench',
    backgroundColor: '#ffffff',
    // Shown on ready-to-show, so the window never flashes empty.
    show: false,
    webPreferences: buildWebPreferences(preloadPath),
  };
}

/** The hidden window that prints an HTML report to PDF: the report has no scripts, so JavaScript is off too. */
export function buildPrintWindowOptions(): BrowserWindowConstructorOptions {
  const { preload: _preload, ...webPreferences } = buildWebPreferences('');
  return {
    show: false,
    width: 1240,
    height: 1754,
    webPreferences: { ...webPreferences, javascript: false, partition: 'report-print' },
  };
}
