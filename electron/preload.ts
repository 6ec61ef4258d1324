// The preload: exposes the narrow, typed `window.workbench` API (electron/api.ts) through contextBridge. The page never
// sees ipcRenderer; it can only invoke these four requests, read the machine's memory and listen for the four menu commands.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, MENU_COMMANDS, type MenuCommand, type WorkbenchApi } from './api';

const api: WorkbenchApi = {
  openExperiment: () => ipcRenderer.invoke(IPC_CHANNELS.openExperiment),
  saveExperiment: (spec) => ipcRenderer.invoke(IPC_CHANNELS.saveExperiment, spec),
  exportReport: (request) => ipcRenderer.invoke(IPC_CHANNELS.exportReport, request),
  openRunsFolder: () => ipcRenderer.invoke(IPC_CHANNELS.openRunsFolder),
  systemMemoryBytes: () => process.getSystemMemoryInfo().total * 1024, // KiB -> bytes
  onMenu(command: MenuCommand, cb: () => void) {
    if (!MENU_COMMANDS.includes(command))
      throw new Error(`unknown menu command ${JSON.stringify(command)}; one of ${MENU_COMMANDS.join(', ')}`);
    if (typeof cb !== 'function') throw new Error('onMenu needs a callback function');
    // The event object (with its sender) never reaches the page: the callback gets no arguments.
    const listener = (_event: IpcRendererEvent, sent: unknown) => {
      if (sent === command) cb();
    };
    ipcRenderer.on(IPC_CHANNELS.menu, listener);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.menu, listener);
    };
  },
};

contextBridge.exposeInMainWorld('workbench', api);
