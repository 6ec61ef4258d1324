// Prints an HTML report to PDF with Chromium (webContents.printToPDF) in a hidden window with JavaScript off:
// the report is self-contained (inline CSS and SVG), and its @page rules choose the paper (A4 landscape). Like every
// page, it is hardened by main.ts's web-contents-created handler (no navigation, no new windows).
import { BrowserWindow } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPrintWindowOptions } from './window-options';

export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  // A file, not a data: URL: Chromium caps URLs at 2 MB and a report with many runs can be larger.
  const dir = await mkdtemp(join(tmpdir(), 'palm-workbench-print-'));
  const window = new BrowserWindow(buildPrintWindowOptions());
  try {
    const file = join(dir, 'report.html');
    await writeFile(file, html, 'utf8');
    await window.loadFile(file);
    const pdf = await window.webContents.printToPDF({
      printBackground: true,
      preferCSSPageSize: true,
      generateDocumentOutline: true,
    });
    return new Uint8Array(pdf);
  } finally {
    window.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
