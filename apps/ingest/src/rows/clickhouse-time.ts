/**
 * Epoch milliseconds as ClickHouse's basic DateTime64(3) text (`YYYY-MM-DD hh:mm:ss.sss`) in UTC.
 * Text rather than a number: JSONEachRow reads a bare integer for DateTime64 as seconds or ticks
 * depending on settings, while this form means the same thing on every server (columns are 'UTC').
 */
export function toClickHouseDateTime64(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
