// The native menu as a pure template: the experiment and report items are forwarded to the renderer, which owns the
// state they act on; the runs folder, reload, developer tools and About stay in the main process.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './api';

export interface MenuActions {
  sendCommand(command: MenuCommand): void;
  openRunsFolder(): void;
  showAbout(): void;
}

export function buildMenuTemplate(actions: MenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const send = (command: MenuCommand) => () => actions.sendCommand(command);
  const about: MenuItemConstructorOptions = { label: 'About PaLM Workbench', click: () => actions.showAbout() };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New experiment', accelerator: 'CmdOrCtrl+N', click: send('new-experiment') },
      { label: 'Open experiment…', accelerator: 'CmdOrCtrl+O', click: send('open-experiment') },
      { label: 'Save experiment…', accelerator: 'CmdOrCtrl+S', click: send('save-experiment') },
      { type: 'separator' },
      { label: 'Export report…', accelerator: 'CmdOrCtrl+E', click: send('export-report') },
      { label: 'Open runs folder', click: () => actions.openRunsFolder() },
      ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: 'Reload', role: 'reload' },
      { label: 'Toggle developer tools', role: 'toggleDevTools' },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = { role: 'help', submenu: [about] };
  const appMenu: MenuItemConstructorOptions = {
    label: 'PaLM Workbench',
    submenu: [
      about,
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  // macOS keeps About in the application menu; elsewhere it lives under Help.
  return isMac
    ? [appMenu, file, { role: 'editMenu' }, view, { role: 'windowMenu' }]
    : [file, { role: 'editMenu' }, view, help];
}
