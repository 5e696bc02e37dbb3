import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NormalizedBuffer, normalizeGeneralInto, normalizeInto, takesFastPath } from './normalize';

/** Everything the matcher reads from a normalised text, as plain arrays. */
function view(b: NormalizedBuffer): object {
  const n = b.length;
  return {
    length: n, hasStar: b.hasStar, hasHangul: b.hasHangul, hasOther: b.hasOther, hasJoin: b.hasJoin, sym: [...b.sym.subarray(0, n)], run: [...b.run.subarray(0, n)],
    start: [...b.start.subarray(0, n)], end: [...b.end.subarray(0, n)], flags: [...b.flags.subarray(0, n)],
  };
}

const fast = new NormalizedBuffer();
const general = new NormalizedBuffer();
const same = (text: string): void => {
  normalizeInto(text, fast);
  normalizeGeneralInto(text, general);
  expect(view(fast)).toEqual(view(general));
};

// What the fast path may take: ASCII letters, digits, symbols and punctuation, emoji, Hangul syllables and
// consonants, spaced out or repeated (texts where digits or symbols stand for letters go to the general path);
// plus characters that always send the text down the general path.
const plain = [...'aAbdeiIlLmnostuxyzZvVpPhHw', ' ', '  ', '.', ',', '-', '_', '?', '#', '~', '\t', '가', '새', '끼', '존', '나', '시', '발', '좋', '아', '닭', '먹', '어', '힣', 'ㅋ', 'ㅅ', 'ㄲ', 'ㅎ', 'ㄳ', '1', '4', '2', '0', '@', '$', '!', '!!', '|', '+', '*', '😂', '🔥'];
const other = ['ㅏ', 'ㅣ', 'ㆍ', 'ｄ', 'é', '\u200b', 'а', '😂', '\ud800', '\u1100\u1161'];

describe('normalize: plain-text fast path', () => {
  it('produces exactly what the general path produces (plain text)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...plain), { maxLength: 60 }), (parts) => same(parts.join(''))), { numRuns: 3000 });
  });

  it('falls back to the general path for anything else', () => {
    const mixed = fc.array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...plain) }, { weight: 1, arbitrary: fc.constantFrom(...other) }), { maxLength: 60 });
    fc.assert(fc.property(mixed, (parts) => same(parts.join(''))), { numRuns: 2000 });
  });

  it.each(['d a m n', '존 나 좋 아', 'a 새 b', 'Hello  WORLD..', '닭 먹어 ', 'l L i', 'ㅋㅋㅋ 좋아ㅋㅋ', 'ㅅ ㄲ', 'ㅅ ㅐ ㄲ ㅣ', 'gg!! 2-1 😂', 'd 4 m n', 'd4mn', '$hit', 'sh*t', 'damn!', '3골 ㅋㅋ', '1 2 3', 'a 1 b', 'x2', '\ud83d', ''])('%j', (text) => same(text));

  it('takes ordinary chat and leaves evasions to the general path', () => {
    for (const t of ['what a goal lol', '오늘 컨디션 좋아 ㅋㅋㅋ', 'gg!! 2-1 😂', '3골 대박!!', 'damn!', '1 2 3']) expect(takesFastPath(t)).toBe(true);
    for (const t of ['d4mn', '$hit', 'sh*t', 'd 4 m n', 'ｄａｍｎ', 'dаmn', 'da\u200bmn', 'ㅅㅐㄲㅣ', 'x2', '\ud83d']) expect(takesFastPath(t)).toBe(false);
  });
});
