import { describe, expect, it } from 'vitest';
import { F_WEND, F_WSTART, normalize, symbolsToString } from './normalize';

const norm = (t: string): string => symbolsToString(normalize(t));

describe('normalize: Latin', () => {
  it.each([
    ['DaMn', 'damn'], ['ｄａｍｎ', 'damn'], ['crāp', 'crap'], ['da\u200bmn', 'damn'], ['dаmn', 'damn'], // Cyrillic а
    ['d4mn', 'damn'], ['cr@p', 'crap'], ['$hit', 'shit'], ['1d10t', 'idiot'], ['bast*rd', 'bast*rd'],
    ['d a m n', 'damn'], ['c.r.a.p', 'crap'], ['b-a-s-t-a-r-d', 'bastard'], ['straße', 'strasse'],
  ])('%s → %s', (input, expected) => {
    expect(norm(input)).toBe(expected);
  });

  it('reads spaced-out leetspeak and folds l with i', () => {
    expect(norm('d 4 m n')).toBe('damn');
    expect(norm('HELL he1l he|l')).toBe('heii heii heii');
    expect(norm('he!!')).toBe('he'); // trailing symbols are punctuation, like the ! in damn!
  });

  it('folds look-alike pairs across spaced-out letters as it does inside a word', () => {
    for (const [whole, spaced] of [['phone', 'p h o n e'], ['vvork', 'v.v.o.r.k'], ['zqufqfphya', 'z q u f q f p h y a'],
      ['pph', 'p p h'], ['fph', 'f p h'], ['vvv', 'v v v'], ['uvv', 'u-v-v'], ['PHaT', 'P.H.a.T']] as const) {
      expect(norm(spaced), spaced).toBe(norm(whole));
      const n = normalize(spaced);
      expect(n.end[n.length - 1], spaced).toBe(spaced.length); // spans still cover the original letters
    }
    expect(norm('p h')).toBe('f');
    expect(norm('up hill')).toBe('up hii'); // not single letters: no pair across words
  });

  it('keeps digits in numbers and drops trailing symbols', () => {
    expect(norm('2026 final!')).toBe('2026 finai');
    expect(norm('damn!')).toBe('damn');
  });

  it('keeps digits attached to a word as part of it, uncollapsed (both ends)', () => {
    expect(norm('zorkmi3x498')).toBe('zorkmiex498');
    expect(norm('he11!')).toBe('he11');
    expect(norm('2fast catch222')).toBe('2fast catch222');
    const n = normalize('zork99');
    expect(n.length).toBe(6);
    expect(n.end[n.length - 1]).toBe(6);
    // The letters keep their own word edges, so a term without the digits still finds them.
    expect(n.flags[3]! & F_WEND).toBe(F_WEND);
    const m = normalize('2fast');
    expect(m.flags[1]! & F_WSTART).toBe(F_WSTART);
  });

  it('collapses repeats into counted runs', () => {
    const n = normalize('daaaaamn');
    expect(symbolsToString(n)).toBe('daamn'); // shown with at most two letters per run
    expect(Array.from(n.run.slice(0, n.length))).toEqual([1, 5, 1, 1]);
  });

  it('does not join words of more than one letter (edges must not spell a term)', () => {
    expect(norm('bad icky')).toBe('bad icky');
    const n = normalize('a d a m');
    expect(symbolsToString(n)).toBe('adam');
    expect(Array.from(n.flags.slice(0, n.length)).every((f) => (f & F_WSTART) !== 0)).toBe(true);
  });

  it('maps every symbol back to its span in the original text', () => {
    const text = 'so ｃ.r.\u200ba.p!';
    const n = normalize(text);
    const i = symbolsToString(n).indexOf('c');
    expect(text.slice(n.start[i]!, n.end[i + 3]!)).toBe('ｃ.r.\u200ba.p');
  });
});

describe('normalize: Hangul', () => {
  it.each([
    ['새끼', 'ㅅㅐㄱㅣ'], ['쌔끼', 'ㅅㅐㄱㅣ'], ['새기', 'ㅅㅐㄱㅣ'], // tense = lax
    ['꺼져', 'ㄱㅓㅈㅓ'], ['꺼저', 'ㄱㅓㅈㅓ'], // palatal ㅕ after ㅈ
    ['닭쳐', 'ㄷㅏㄱㅊㅓ'], ['닥쳐', 'ㄷㅏㄱㅊㅓ'], // compound final before a consonant
    ['먹어', 'ㅁㅓㄱㅓ'], ['머거', 'ㅁㅓㄱㅓ'], // batchim shift
    ['졸라', 'ㅈㅗㄴㄴㅏ'], ['존나', 'ㅈㅗㄴㄴㅏ'], ['좆나', 'ㅈㅗㄴㄴㅏ'], // nasal/liquid clusters, nasalisation
    ['ㅅㅐㄲㅣ', 'ㅅㅐㄱㅣ'], ['ㅈㅗㄴㄴㅏ', 'ㅈㅗㄴㄴㅏ'], // typed jamo compose
    ['존 나', 'ㅈㅗㄴㄴㅏ'], ['존1나', 'ㅈㅗㄴㄴㅏ'], ['존\u200d나', 'ㅈㅗㄴㄴㅏ'], // single syllables join
    ['보존 나중에', 'ㅂㅗㅈㅗㄴ ㄴㅏㅈㅜㅇㅐ'], // multi-syllable words do not
    ['ㅈㄴ', 'ㅈㄴ'], // choseong stays standalone
    ['좋고', 'ㅈㅗㅋㅗ'], ['조코', 'ㅈㅗㅋㅗ'], // ㅎ aspiration
    ['신라', 'ㅅㅣㄴㄴㅏ'], ['실라', 'ㅅㅣㄴㄴㅏ'], // liquidisation
  ])('%s → %s', (input, expected) => {
    expect(norm(input)).toBe(expected);
  });

  it('keeps choseong apart from syllable jamo', () => {
    expect(normalize('ㅈㄴ').sym[0]).not.toBe(normalize('자').sym[0]);
  });
});
