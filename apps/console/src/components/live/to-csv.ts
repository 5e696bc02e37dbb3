/** One chart's data as CSV (RFC 4180 quoting), columns in the given order; times as ISO 8601 UTC. */
export function toCsv(rows: Record<string, unknown>[], columns: string[], timeColumns: string[] = ['t']): string {
  const cell = (v: unknown, column: string): string => {
    if (v === null || v === undefined) return '';
    const text = timeColumns.includes(column) && typeof v === 'number' ? new Date(v).toISOString() : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c], c)).join(','))].join('\r\n') + '\r\n';
}

/** Offers `csv` as a file download (browser only). */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}
