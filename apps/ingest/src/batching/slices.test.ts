import { describe, expect, it } from 'vitest';
import { deduplicationToken, sliceMessages } from './slices';

const msgs = (...offsets: number[]) => offsets.map((o) => ({ offset: String(o) }));

describe('sliceMessages', () => {
  it('cuts consecutive slices of at most maxRows with their first and last offsets', () => {
    const slices = sliceMessages(msgs(10, 11, 12, 13, 14), 2);
    expect(slices.map((s) => [s.firstOffset, s.lastOffset, s.messages.length])).toEqual([
      ['10', '11', 2],
      ['12', '13', 2],
      ['14', '14', 1],
    ]);
  });

  it('gives the same slices for the same offsets (a redelivery produces the same tokens)', () => {
    const a = sliceMessages(msgs(5, 6, 7, 8, 9, 10, 11), 3).map((s) => deduplicationToken('t', 1, s.firstOffset, s.lastOffset));
    const b = sliceMessages(msgs(5, 6, 7, 8, 9, 10, 11), 3).map((s) => deduplicationToken('t', 1, s.firstOffset, s.lastOffset));
    expect(a).toEqual(b);
    expect(a).toEqual(['t-1-5-7', 't-1-8-10', 't-1-11-11']);
  });

  it('skips offsets at or below loadedThrough and slices from the next one', () => {
    const slices = sliceMessages(msgs(10, 11, 12, 13, 14), 2, 12n);
    expect(slices.map((s) => [s.firstOffset, s.lastOffset])).toEqual([['13', '14']]);
    expect(sliceMessages(msgs(1, 2), 10, 2n)).toEqual([]);
  });

  it('compares offsets as integers, not strings, beyond 2^53', () => {
    const big = [{ offset: '9007199254740993' }, { offset: '9007199254740994' }];
    expect(sliceMessages(big, 5, 9007199254740993n).map((s) => s.firstOffset)).toEqual(['9007199254740994']);
  });

  it('refuses an empty slice size', () => {
    expect(() => sliceMessages(msgs(1), 0)).toThrow(RangeError);
  });
});

describe('deduplicationToken', () => {
  it('is topic-partition-firstOffset-lastOffset', () => {
    expect(deduplicationToken('pfx.chat.messages', 7, '100', '199')).toBe('pfx.chat.messages-7-100-199');
  });
});
