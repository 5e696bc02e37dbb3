import { passed, type ScenarioResult } from './result';

const HEADER = ['scenario', 'faults injected', 'messages acked', 'found in ClickHouse', 'lost', 'duplicated', 'recovery time', 'result'];

function row(r: ScenarioResult): string[] {
  const n = (v: number | null) => (v === null ? 'n/a' : String(v));
  return [r.scenario, r.faults, n(r.acked), n(r.inClickHouse), n(r.lost), n(r.duplicated), r.recovery, passed(r) ? 'PASS' : 'FAIL'];
}

/** Aligned plain text for the terminal. */
export function textTable(results: ScenarioResult[]): string {
  const rows = [HEADER, ...results.map(row)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** The same table in Markdown, for tools/chaos/README.md. */
export function markdownTable(results: ScenarioResult[]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...results.map((r) => line(row(r)))].join('\n');
}
