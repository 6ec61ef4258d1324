// Wires the IPC handlers to ipcMain: each gets the caller as plain SenderInfo and its dependencies (native dialogs,
// folders, printing) here, so the handlers themselves stay testable without Electron.
import { dialog, ipcMain, shell, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { IPC_CHANNELS } from '../api';
import { printHtmlToPdf } from '../print-pdf';
import { openExperiment, saveExperiment } from './experiment-files';
import { exportReport } from './export-report';
import { openRunsFolder } from './runs-folder';
import type { SenderInfo, SenderPolicy } from './sender';

export interface IpcContext {
  policy: SenderPolicy;
  mainWindow(): BrowserWindow | null;
  runsDir: string;
  /** Where the dialogs open first (e.g. ~/Documents). */
  defaultDir: string;
}

function describeSender(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame.parent === null,
  };
}

export function registerIpcHandlers(context: IpcContext): void {
  const { policy } = context;
  // The main window is the dialogs' parent, so they are modal to it.
  const showOpen = (options: Electron.OpenDialogOptions) => {
    const parent = context.mainWindow();
    return parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options);
  };
  const showSave = (options: Electron.SaveDialogOptions) => {
    const parent = context.mainWindow();
    return parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options);
  };

  ipcMain.handle(IPC_CHANNELS.openExperiment, (event) =>
    openExperiment(describeSender(event), {
      policy,
      chooseFile: async () => {
        const result = await showOpen({
          title: 'Open experiment',
          defaultPath: context.defaultDir,
          properties: ['openFile'],
          filters: [{ name: 'Experiment spec', extensions: ['json'] }],
        });
        return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
      },
    }),
  );

  ipcMain.handle(IPC_CHANNELS.saveExperiment, (event, spec: unknown) =>
    saveExperiment(describeSender(event), spec, {
      policy,
      chooseSavePath: async (defaultName) => {
        const result = await showSave({
          title: 'Save experiment',
          defaultPath: join(context.defaultDir, defaultName),
          filters: [{ name: 'Experiment spec', extensions: ['json'] }],
        });
        return result.canceled || !result.filePath ? null : result.filePath;
      },
    }),
  );

  ipcMain.handle(IPC_CHANNELS.exportReport, (event, request: unknown) =>
    exportReport(describeSender(event), request, {
      policy,
      chooseFolder: async () => {
        const result = await showOpen({
          title: 'Export report into…',
          buttonLabel: 'Export here',
          defaultPath: context.defaultDir,
          properties: ['openDirectory', 'createDirectory'],
        });
        return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
      },
      printToPdf: printHtmlToPdf,
      now: () => new Date(),
    }),
  );

  ipcMain.handle(IPC_CHANNELS.openRunsFolder, (event) =>
    openRunsFolder(describeSender(event), {
      policy,
      runsDir: context.runsDir,
      openPath: (path) => shell.openPath(path),
    }),
  );
}
