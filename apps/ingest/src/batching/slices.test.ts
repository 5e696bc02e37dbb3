import { describe, expect, it } from 'vitest';
import { toClickHouseMonth } from '../rows/clickhouse-time';
import { deduplicationToken, sliceMessages } from './slices';

const msgs = (...offsets: number[]) => offsets.map((o) => ({ offset: String(o) }));

const OCT_31_LAST_MS = Date.UTC(2026, 9, 31, 23, 59, 59, 999);
const NOV_1_FIRST_MS = Date.UTC(2026, 10, 1, 0, 0, 0, 0);

/** Messages with the event time their row lands by; `ts: null` stands for a dead letter or a tombstone. */
const timed = (...entries: [number, number | null][]) => entries.map(([offset, ts]) => ({ offset: String(offset), ts }));
const byMonth = (m: { ts: number | null }) => (m.ts === null ? null : toClickHouseMonth(m.ts));
const tokens = (slices: { firstOffset: string; lastOffset: string }[]) => slices.map((s) => deduplicationToken('t', 1, s.firstOffset, s.lastOffset));

describe('sliceMessages', () => {
  it('cuts consecutive slices of at most maxRows with their first and last offsets', () => {
    const slices = sliceMessages(msgs(10, 11, 12, 13, 14), { maxRows: 2 });
    expect(slices.map((s) => [s.firstOffset, s.lastOffset, s.messages.length])).toEqual([
      ['10', '11', 2],
      ['12', '13', 2],
      ['14', '14', 1],
    ]);
  });

  it('gives the same slices for the same offsets (a redelivery produces the same tokens)', () => {
    const a = tokens(sliceMessages(msgs(5, 6, 7, 8, 9, 10, 11), { maxRows: 3 }));
    const b = tokens(sliceMessages(msgs(5, 6, 7, 8, 9, 10, 11), { maxRows: 3 }));
    expect(a).toEqual(b);
    expect(a).toEqual(['t-1-5-7', 't-1-8-10', 't-1-11-11']);
  });

  it('skips offsets at or below loadedThrough and slices from the next one', () => {
    const slices = sliceMessages(msgs(10, 11, 12, 13, 14), { maxRows: 2, loadedThrough: 12n });
    expect(slices.map((s) => [s.firstOffset, s.lastOffset])).toEqual([['13', '14']]);
    expect(sliceMessages(msgs(1, 2), { maxRows: 10, loadedThrough: 2n })).toEqual([]);
  });

  it('compares offsets as integers, not strings, beyond 2^53', () => {
    const big = [{ offset: '9007199254740993' }, { offset: '9007199254740994' }];
    expect(sliceMessages(big, { maxRows: 5, loadedThrough: 9007199254740993n }).map((s) => s.firstOffset)).toEqual(['9007199254740994']);
  });

  it('refuses an empty slice size', () => {
    expect(() => sliceMessages(msgs(1), { maxRows: 0 })).toThrow(RangeError);
  });

  it('cuts a batch crossing a month boundary into one slice per month, each with its own token', () => {
    const batch = timed([100, OCT_31_LAST_MS - 1], [101, OCT_31_LAST_MS], [102, NOV_1_FIRST_MS], [103, NOV_1_FIRST_MS + 5]);
    const slices = sliceMessages(batch, { maxRows: 5000, partOf: byMonth });
    expect(slices.map((s) => [s.firstOffset, s.lastOffset, s.part])).toEqual([
      ['100', '101', 202610],
      ['102', '103', 202611],
    ]);
    expect(tokens(slices)).toEqual(['t-1-100-101', 't-1-102-103']);
  });

  it('gives the same month slices and tokens for the same input (a redelivery)', () => {
    const batch = () => timed([7, OCT_31_LAST_MS], [8, NOV_1_FIRST_MS], [9, NOV_1_FIRST_MS], [10, NOV_1_FIRST_MS], [11, NOV_1_FIRST_MS]);
    const a = sliceMessages(batch(), { maxRows: 3, partOf: byMonth });
    const b = sliceMessages(batch(), { maxRows: 3, partOf: byMonth });
    expect(b).toEqual(a);
    // Month cut first, then the size cut counts from the start of the month's slice.
    expect(tokens(a)).toEqual(['t-1-7-7', 't-1-8-10', 't-1-11-11']);
  });

  it('cuts at every change when event times go back and forth across the boundary (clocks of different nodes)', () => {
    const batch = timed([0, OCT_31_LAST_MS], [1, NOV_1_FIRST_MS], [2, OCT_31_LAST_MS - 3], [3, OCT_31_LAST_MS - 2]);
    const slices = sliceMessages(batch, { maxRows: 100, partOf: byMonth });
    expect(slices.map((s) => [s.firstOffset, s.lastOffset, s.part])).toEqual([
      ['0', '0', 202610],
      ['1', '1', 202611],
      ['2', '3', 202610],
    ]);
    for (const s of slices) expect(new Set(s.messages.map(byMonth).filter((p) => p !== null)).size).toBe(1);
  });

  it('never cuts for messages without a row: they stay in the slice they follow (or open)', () => {
    const batch = timed([0, null], [1, OCT_31_LAST_MS], [2, null], [3, NOV_1_FIRST_MS], [4, null]);
    const slices = sliceMessages(batch, { maxRows: 100, partOf: byMonth });
    expect(slices.map((s) => [s.firstOffset, s.lastOffset, s.part])).toEqual([
      ['0', '2', 202610],
      ['3', '4', 202611],
    ]);
    expect(sliceMessages(timed([0, null], [1, null]), { maxRows: 100, partOf: byMonth }).map((s) => s.part)).toEqual([null]);
  });

  it('uses the UTC month, as toYYYYMM of a DateTime64(3, UTC) column does', () => {
    expect(toClickHouseMonth(OCT_31_LAST_MS)).toBe(202610);
    expect(toClickHouseMonth(NOV_1_FIRST_MS)).toBe(202611);
    expect(toClickHouseMonth(Date.UTC(2026, 11, 31, 23, 59, 59, 999))).toBe(202612);
    expect(toClickHouseMonth(Date.UTC(1900, 0, 1))).toBe(190001);
  });
});

describe('deduplicationToken', () => {
  it('is topic-partition-firstOffset-lastOffset', () => {
    expect(deduplicationToken('pfx.chat.messages', 7, '100', '199')).toBe('pfx.chat.messages-7-100-199');
  });
});
