const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);

/**
 * Epoch milliseconds as ClickHouse's basic DateTime64(3) text (`YYYY-MM-DD hh:mm:ss.sss`) in UTC.
 * Text rather than a number: JSONEachRow reads a bare integer for DateTime64 as seconds or ticks
 * depending on settings, while this form means the same thing on every server (columns are 'UTC').
 */
export function toClickHouseDateTime64(ms: number): string {
  // DateTime64 holds 1900-01-01 … 2299-12-31; outside it ClickHouse would clamp or refuse the block.
  if (!(ms >= MIN_MS && ms <= MAX_MS)) throw new RangeError(`timestamp ${ms} is outside 1900-2299`);
  // `YYYY-MM-DDThh:mm:ss.sssZ` → `YYYY-MM-DD hh:mm:ss.sss` (years 1900–2299: always this length).
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/**
 * The month of epoch milliseconds as ClickHouse's `toYYYYMM` gives it for a `DateTime64(3, 'UTC')`
 * column: the event tables' partition (`PARTITION BY toYYYYMM(ts)`).
 */
export function toClickHouseMonth(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
}
