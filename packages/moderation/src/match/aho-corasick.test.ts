import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasickBuilder } from './aho-corasick';

// The automaton (hash transitions, dense DFA rows, dictionary links) must report exactly what a
// naive search over every pattern at every position reports.
function naive(patterns: number[][], text: number[]): string[] {
  const out: string[] = [];
  patterns.forEach((p, id) => {
    for (let end = p.length - 1; end < text.length; end++) {
      if (p.every((c, k) => text[end - p.length + 1 + k] === c)) out.push(`${id}@${end}`);
    }
  });
  return out.sort();
}

function scan(patterns: number[][], text: number[]): string[] {
  const b = new AhoCorasickBuilder(4);
  patterns.forEach((p, id) => b.add(p, id));
  const ac = b.build();
  ac.scan(Uint16Array.from(text), text.length);
  const out: string[] = [];
  for (let m = 0; m < ac.matchCount; m++) out.push(`${ac.matches[m * 2]}@${ac.matches[m * 2 + 1]}`);
  return out.sort();
}

describe('Aho–Corasick', () => {
  it('finds overlapping and nested patterns', () => {
    const p = [[1, 2], [2, 3], [1, 2, 3], [3]];
    expect(scan(p, [1, 2, 3, 1, 2])).toEqual(naive(p, [1, 2, 3, 1, 2]));
    expect(scan(p, [1, 2, 3, 1, 2])).toContain('2@2');
  });

  it('matches a naive search on random inputs (small alphabet forces busy nodes and failures)', () => {
    const sym = fc.integer({ min: 1, max: 9 });
    fc.assert(
      fc.property(fc.array(fc.array(sym, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 80 }),
        (patterns, text) => {
          expect(scan(patterns, text)).toEqual(naive(patterns, text));
        }),
      { numRuns: 300 },
    );
  });
});
