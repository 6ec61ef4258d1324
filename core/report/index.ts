// Public face of core/report: runs -> report text in four formats (pure; the caller writes the files).
export { buildHtmlReport, type HtmlReportOptions } from './html';
export { buildMarkdownReport } from './markdown';
export { buildMetricsCsv, CSV_HEADER, generateMetricsCsv, quoteCsvField } from './csv';
export { buildJsonReport, generateJsonReport, type JsonReport } from './json';
export { describeMeasured, summarizeRun, type ReportExperiment, type RunFigures } from './summary';
export * from './format';
export {
  judgeClaims,
  NEEDS_BENCH_NOTE,
  readRunMetric,
  TIMED_APART_NOTE,
  type ClaimEffect,
  type ClaimResult,
  type ExperimentOf,
  type JudgeOptions,
  type Margins,
} from './evidence';
export { type ReportSample } from './samples';
export { variantIndexes, variantName } from './units';
export {
  findSweeps,
  pickSweepColours,
  titleSweep,
  type SweepAxis,
  type SweepPlot,
  type SweepRun,
  type SweepVariant,
} from './sweep';
export { computeMainEffects, type MainEffect } from './main-effects';
export { describeEffect, formatInterval } from './claim-cards';
// Every MFU shown names its peak: one label, beside the one MFU formula (core/metrics/flops.ts).
export { mfuPeakLabel } from '../metrics/flops';
