import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { MAX_REGEX_HITS, matchesEmpty, regexOccurrences } from './regex-hits';

const re = (p: string): RE2JS => RE2JS.compile(p, RE2JS.CASE_INSENSITIVE);

describe('regexOccurrences', () => {
  it('reports every non-empty match in order', () => {
    expect(regexOccurrences(re('free coins'), 'free coins and Free Coins')).toEqual({ ranges: [[0, 10], [15, 25]], more: false });
  });

  it('ignores zero-length matches at match time', () => {
    // `a*` matches empty before x, after the a's and at the end: only the real occurrence counts.
    expect(regexOccurrences(re('a*'), 'xaay')).toEqual({ ranges: [[1, 3]], more: false });
    expect(regexOccurrences(re('\\b'), 'ab cd')).toEqual({ ranges: [], more: false });
  });

  it('stops at the cap and says whether more follow', () => {
    const copies = (n: number): string => Array.from({ length: n }, () => 'spam').join(' ');
    const capped = regexOccurrences(re('spam'), copies(MAX_REGEX_HITS + 5));
    expect(capped.ranges).toHaveLength(MAX_REGEX_HITS);
    expect(capped.more).toBe(true);
    const exact = regexOccurrences(re('spam'), copies(MAX_REGEX_HITS));
    expect(exact.ranges).toHaveLength(MAX_REGEX_HITS);
    expect(exact.more).toBe(false);
  });
});

describe('matchesEmpty', () => {
  it('flags patterns that can match nothing, in any context', () => {
    for (const p of ['x*', 'a?', 'foo|', '|foo', '(?:)', '\\b', '\\B', '^', '$', '(?m)^', '\\z', 'spam|\\bx*', '(?m)$\\b']) expect(matchesEmpty(re(p)), p).toBe(true);
  });

  it('passes patterns that always consume text', () => {
    for (const p of ['x+', 'a?b', 'foo|bar', '\\bspam\\b', '^buy', 'coins$', '(?m)^\\s*spam']) expect(matchesEmpty(re(p)), p).toBe(false);
  });
});
