// Export a report of the selected runs into a folder the user chose: a new sub-folder whose name, like every file
// name in it, the main process generates. Report text comes from core/report; the PDF is the HTML printed by Chromium.
import { relative } from 'node:path';
import { buildHtmlReport, buildJsonReport, buildMarkdownReport, buildMetricsCsv } from '../../core/report';
import type { ExportReportResult, ReportFormat } from '../api';
import { parseReportRequest } from './report-request';
import { makeFolderInside, resolveFolder, writeFileInside } from './safe-files';
import { assertTrustedSender, type SenderInfo, type SenderPolicy } from './sender';

export interface ExportReportDeps {
  policy: SenderPolicy;
  /** The native folder picker; null when the user cancels. */
  chooseFolder(): Promise<string | null>;
  /** The HTML report printed to PDF (webContents.printToPDF in a hidden, script-less window). */
  printToPdf(html: string): Promise<Uint8Array>;
  now(): Date;
}

const FILE_NAMES: Record<ReportFormat, string> = {
  html: 'report.html',
  md: 'report.md',
  csv: 'metrics.csv',
  json: 'report.json',
  pdf: 'report.pdf',
};

/** palm-report-20250101-120000: sorts by time, and holds no text from the renderer. */
export function nameReportFolder(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  return `palm-report-${date}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

export async function exportReport(
  sender: SenderInfo,
  payload: unknown,
  deps: ExportReportDeps,
): Promise<ExportReportResult> {
  assertTrustedSender(sender, deps.policy, 'export report');
  // Validated before the dialog opens, so a bad request never asks the user for a folder.
  const request = parseReportRequest(payload);
  const chosen = await deps.chooseFolder();
  if (chosen === null) return { canceled: true };
  const root = await resolveFolder(chosen);

  const html = buildHtmlReport(request.runs, request.experiment, { logLoss: request.logLoss });
  const build: Record<ReportFormat, () => Promise<string | Uint8Array>> = {
    html: async () => html,
    md: async () => buildMarkdownReport(request.runs, request.experiment),
    csv: async () => buildMetricsCsv(request.runs),
    json: async () => buildJsonReport(request.runs, request.experiment),
    pdf: () => deps.printToPdf(html),
  };
  // Everything is built before anything is written, so a failed print leaves no half-filled folder.
  const contents = await Promise.all(request.formats.map(async (format) => [format, await build[format]()] as const));
  const folder = await makeFolderInside(root, nameReportFolder(deps.now()));
  const files: string[] = [];
  for (const [format, data] of contents) {
    files.push(relative(root, await writeFileInside(folder, FILE_NAMES[format], data)));
  }
  return { canceled: false, folder: root, files };
}
