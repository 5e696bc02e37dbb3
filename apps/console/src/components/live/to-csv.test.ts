import { describe, expect, it } from 'vitest';
import { toCsv } from './to-csv';

describe('toCsv', () => {
  it('writes a header and rows in column order, times as ISO, quoting what needs it', () => {
    const csv = toCsv(
      [
        { t: 0, label: 'words.add "x"', n: 3 },
        { t: 60_000, label: 'a,b', n: null },
      ],
      ['t', 'n', 'label'],
    );
    expect(csv).toBe('t,n,label\r\n1970-01-01T00:00:00.000Z,3,"words.add ""x"""\r\n1970-01-01T00:01:00.000Z,,"a,b"\r\n');
  });
});
