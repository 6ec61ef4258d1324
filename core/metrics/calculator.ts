// The FLOPs/params/MFU/KV-cache calculator behind `palm-workbench flops` (docs/palm.md §3): one plain result
// object for `--json`, and a text table for people.
import type { ModelConfig } from '../config/schema';
import { attentionFlopsPerToken, flopsPerToken, mfu } from './flops';
import { kvCacheBytesPerToken } from './memory';
import { countParams, type ParamCounts } from './params';

export interface CalculatorOptions {
  /** Measured training throughput; with peakFlopsPerSec it yields an MFU. */
  tokensPerSec?: number;
  /** Peak FLOP/s of one chip. */
  peakFlopsPerSec?: number;
  /** Chips the throughput was measured on (default 1). */
  chips?: number;
  /** Bytes per cached K/V element (default 4, float32). */
  kvBytesPerElement?: number;
}

export interface CalculatorResult {
  params: ParamCounts;
  flopsPerToken: number;
  attentionFlopsPerToken: number;
  kvCacheBytesPerToken: number;
  /** Present only when a throughput and a peak were given. */
  mfu?: number;
}

/** Everything the calculator knows about a config, as plain serialisable data. */
export function describeCalculator(m: ModelConfig, opts: CalculatorOptions = {}): CalculatorResult {
  const result: CalculatorResult = {
    params: countParams(m),
    flopsPerToken: flopsPerToken(m),
    attentionFlopsPerToken: attentionFlopsPerToken(m),
    kvCacheBytesPerToken: kvCacheBytesPerToken(m, opts.kvBytesPerElement),
  };
  if (opts.tokensPerSec !== undefined && opts.peakFlopsPerSec !== undefined) {
    result.mfu = mfu({
      tokensPerSec: opts.tokensPerSec,
      flopsPerToken: result.flopsPerToken,
      chips: opts.chips ?? 1,
      peakFlopsPerSec: opts.peakFlopsPerSec,
    });
  }
  return result;
}

const SUFFIXES: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** 8632340480 -> "8.63B"; small numbers stay as they are. */
function formatCount(n: number): string {
  for (const [scale, suffix] of SUFFIXES) {
    if (Math.abs(n) >= scale) return `${(n / scale).toFixed(2)}${suffix}`;
  }
  return String(n);
}

/** A readable table: exact values with thousands separators, and a short B/M form beside them. */
export function formatCalculatorTable(r: CalculatorResult): string {
  const count = (label: string, n: number): [string, string, string] => [
    label,
    n.toLocaleString('en-US'),
    n >= 1e3 ? formatCount(n) : '',
  ];
  const rows: [string, string, string][] = [
    count('params: embedding', r.params.embedding),
    count('params: position', r.params.position),
    count('params: attention', r.params.attention),
    count('params: mlp', r.params.mlp),
    count('params: norms', r.params.norms),
    count('params: output', r.params.output),
    count('params: total', r.params.total),
    count('FLOPs/token (6N + 12LHQT)', r.flopsPerToken),
    count('  of which attention (12LHQT)', r.attentionFlopsPerToken),
    ['KV cache bytes/token', r.kvCacheBytesPerToken.toLocaleString('en-US'), formatBytes(r.kvCacheBytesPerToken)],
  ];
  if (r.mfu !== undefined) rows.push(['MFU', `${(r.mfu * 100).toFixed(1)}%`, '']);
  const w0 = Math.max(...rows.map((row) => row[0].length));
  const w1 = Math.max(...rows.map((row) => row[1].length));
  return rows
    .map(([label, exact, short]) => `${label.padEnd(w0)}  ${exact.padStart(w1)}  ${short}`.trimEnd())
    .join('\n');
}

function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  if (bytes >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(2)} KiB`;
  return `${bytes} B`;
}
