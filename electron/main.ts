// The Electron main process: secure defaults before anything loads, the app:// protocol, the main window (state
// remembered), the native menu and the IPC handlers. It owns the file system (docs/design.md §1 rule 5).
import { app, BrowserWindow, dialog, Menu, protocol, screen, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IPC_CHANNELS } from './api';
import { APP_SCHEME, createAppFileHandler } from './app-protocol';
import { buildDevContentSecurityPolicy, CONTENT_SECURITY_POLICY } from './csp';
import { hardenContents, hardenSession } from './harden';
import { registerIpcHandlers } from './ipc/register';
import { revealRunsFolder } from './ipc/runs-folder';
import { buildMenuTemplate } from './menu';
import { chooseRendererSource } from './renderer-source';
import { listWebGpuSwitches } from './webgpu-switches';
import { buildWindowOptions } from './window-options';
import { fitToDisplays, loadWindowState, saveWindowState, WINDOW_STATE_FILE } from './window-state';

// Bundled as CommonJS into dist-electron/ (scripts/start.mjs), next to the preload; the renderer is built beside it.
const PRELOAD_PATH = join(__dirname, 'preload.cjs');
const RENDERER_DIST = join(__dirname, '..', 'renderer', 'dist');

const source = chooseRendererSource(process.env);
const allowedOrigins = [source.origin];
let mainWindow: BrowserWindow | null = null;

// Everything here must happen before the app is ready.
app.enableSandbox();
for (const { name, value } of listWebGpuSwitches(process.platform, process.env))
  app.commandLine.appendSwitch(name, value);
protocol.registerSchemesAsPrivileged([
  // standard + secure: a real origin and a secure context (WebGPU needs one); fetch for the WASM backend's binary.
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

function openExternal(url: string): void {
  shell.openExternal(url).catch((e: unknown) => showError('Could not open the link', e));
}

function showError(title: string, error: unknown): void {
  dialog.showErrorBox(title, error instanceof Error ? error.message : String(error));
}

function showAbout(): void {
  const versions = `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`;
  dialog
    .showMessageBox({
      type: 'info',
      title: 'About PaLM Workbench',
      message: `PaLM Workbench ${app.getVersion()}`,
      detail: `Train small PaLM-style language models, toggle the paper's ablations and compare runs.\n\n${versions}`,
    })
    .catch((e: unknown) => showError('Could not show the About box', e));
}

function folders() {
  const home = join(app.getPath('documents'), 'PaLM Workbench');
  return { home, runs: join(home, 'runs'), state: join(app.getPath('userData'), WINDOW_STATE_FILE) };
}

function installMenu(): void {
  const template = buildMenuTemplate(
    {
      sendCommand: (command) => mainWindow?.webContents.send(IPC_CHANNELS.menu, command),
      openRunsFolder: () => {
        revealRunsFolder({ runsDir: folders().runs, openPath: (path) => shell.openPath(path) }).catch((e) =>
          showError('Open runs folder', e),
        );
      },
      showAbout,
    },
    process.platform,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** The dev server sends no CSP of its own, so the main process adds the (development) policy to its responses. */
function addDevContentSecurityPolicy(): void {
  const policy = buildDevContentSecurityPolicy(source.origin);
  session.defaultSession.webRequest.onHeadersReceived({ urls: [`${source.origin}/*`] }, (details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}

async function createMainWindow(): Promise<void> {
  const stateFile = folders().state;
  const remembered = await loadWindowState(stateFile);
  const bounds = fitToDisplays(
    remembered,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const window = new BrowserWindow(buildWindowOptions(PRELOAD_PATH, bounds));
  mainWindow = window;
  if (bounds.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const { x, y, width, height } = window.getNormalBounds();
    saveWindowState(stateFile, { x, y, width, height, maximized: window.isMaximized() }).catch(() => {
      // Losing the window position is not worth an error dialog on the way out.
    });
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  await window.loadURL(source.url);
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  if (source.dev) addDevContentSecurityPolicy();
  else if (!existsSync(join(RENDERER_DIST, 'index.html'))) {
    dialog.showErrorBox(
      'PaLM Workbench',
      `The renderer is not built (${RENDERER_DIST}/index.html is missing). Run \`npm start\`, which builds it.`,
    );
    app.quit();
    return;
  }
  protocol.handle(APP_SCHEME, createAppFileHandler(RENDERER_DIST, CONTENT_SECURITY_POLICY));
  const { home, runs } = folders();
  registerIpcHandlers({
    policy: { mainWebContentsId: () => mainWindow?.webContents.id ?? null, allowedOrigins },
    mainWindow: () => mainWindow,
    runsDir: runs,
    defaultDir: existsSync(home) ? home : app.getPath('documents'),
  });
  installMenu();
  await createMainWindow();
}

app.on('web-contents-created', (_event, contents) => hardenContents(contents, allowedOrigins, openExternal));
app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('activate', () => {
  if (app.isReady() && BrowserWindow.getAllWindows().length === 0)
    createMainWindow().catch((e) => showError('PaLM Workbench', e));
});

if (!app.requestSingleInstanceLock()) app.quit();
else
  start().catch((e) => {
    showError('PaLM Workbench could not start', e);
    app.quit();
  });
