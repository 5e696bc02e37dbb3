import type { RuleSetInput } from '@tribune/contracts';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile';
import { evaluate } from '../evaluate';
import { createSpamState } from '../spam/spam-state';
import { editBudget, withoutFinal } from './fuzzy';

// Terms here are deliberately not the devset's: the equivalences are general, not fitted to its words.
const rules = (terms: string[], allowed: string[] = []): RuleSetInput => ({
  words: terms.map((term, i) => ({ id: `w${i}`, term })),
  allowed: allowed.map((phrase, i) => ({ id: `a${i}`, phrase })),
});
const blocks = (r: RuleSetInput, text: string): boolean =>
  evaluate({ text, userId: 'u', roles: [], room: 'r', ts: 0 }, { state: createSpamState() }, compile(r)).action !== 'allow';

describe('fuzzy Hangul: aspirated and tensed onsets at any syllable', () => {
  const r = rules(['꼴통', '찐따', '개소리']);
  it.each(['콜통', '꼴퉁이', '친따', '찐타', '캐소리', '개쏘리 하네'])('%s is caught', (t) => expect(blocks(r, t)).toBe(true));
  it('two edits exceed a two-syllable term (친타)', () => expect(blocks(r, '친타')).toBe(false));
  it('a one-syllable term stays exact: 좆 does not hit 촛불', () => {
    const one = rules(['좆']);
    expect(blocks(one, '좆')).toBe(true);
    expect(blocks(one, '촛불 집회')).toBe(false);
    expect(blocks(one, '졷')).toBe(true); // the neutralised final is exact, not fuzzy
  });
  it('an inexact match inside a longer word is not one: 골동품 is not 꼴통', () => {
    expect(blocks(r, '골동품 가게')).toBe(false);
    expect(blocks(r, '꼴동이네')).toBe(true); // …but a particle or suffix may follow
  });
  it('an inexact match must start a word (저 친따 yes, 저친따 no)', () => {
    expect(blocks(r, '저 친따')).toBe(true);
    expect(blocks(r, '저친따')).toBe(false);
    expect(blocks(r, '저찐따')).toBe(true); // exact matches keep Korean's free spacing
  });
});

describe('fuzzy Hangul: similar vowels (ㅕ/ㅠ/ㅛ, ㅗ/ㅜ, ㅐ/ㅔ)', () => {
  const r = rules(['병맛', '호구']);
  it.each(['븅맛', '뵹맛', '후구', '호고'])('%s is caught', (t) => expect(blocks(r, t)).toBe(true));
  it('a vowel outside the classes is another word (방맛, 하구)', () => {
    expect(blocks(r, '방맛')).toBe(false);
    expect(blocks(r, '하구 구경')).toBe(false);
  });
});

describe('fuzzy Hangul: a final dropped or swapped', () => {
  const r = rules(['꼴통', '썅년']);
  it.each(['꼬통', '꼴토', '샤년', '꼭통', '썅녁'])('%s is caught', (t) => expect(blocks(r, t)).toBe(true));
  it('a dropped final must not borrow the next syllable: 꼬톡 is not 꼴통 and 꼬통에 is', () => {
    expect(blocks(r, '꼬톡')).toBe(false);
    expect(blocks(r, '꼬통에')).toBe(true);
  });
  it('edits are counted over the whole term: a swap plus a drop is two (꼬톳)', () => {
    expect(blocks(r, '꼴톳')).toBe(true);
    expect(blocks(r, '꼬톳')).toBe(false);
  });
  it('a final moved into a silent onset or merged with the next onset still counts (븅신아, 씨팔놈)', () => {
    const k = rules(['병신', '씨발']);
    expect(blocks(k, '븅신아')).toBe(true);
    expect(blocks(k, '씨팔놈')).toBe(true);
    expect(blocks(k, '벼신이')).toBe(true);
  });
  it('real words one edit away are exempted with an allowed phrase, matched exactly', () => {
    const k = rules(['병신'], ['병실', '병신년']);
    expect(blocks(k, '병실 어디예요')).toBe(false);
    expect(blocks(k, '병신년 새해')).toBe(false);
    // An allowed phrase is exact: its own fuzzy variants (븅신년) and its assimilated form (병실 → 병신 before ㄴ) allow nothing.
    expect(blocks(k, '븅신년')).toBe(true);
    expect(blocks(k, '병신')).toBe(true);
  });
  it('lists the variants and budgets', () => {
    expect(withoutFinal('존나')).toEqual(['조나']);
    expect(withoutFinal('미친놈')).toEqual(['미치놈', '미친노']);
    expect([editBudget('좆'), editBudget('존나'), editBudget('개새끼'), editBudget('씨발놈아')]).toEqual([0, 1, 1, 2]);
  });
});

describe('digits or symbols inside a Hangul word', () => {
  const r = rules(['개소리', '존나']);
  it.each(['개1소리', '개.소리', '개소@리', '개~소리 하네', '잘했다.존나'])('%s is caught', (t) => expect(blocks(r, t)).toBe(true));
  it('a space still separates words, and a match across a filler must start a word', () => {
    expect(blocks(r, '개 소리')).toBe(false); // two words: "dog" and "sound"
    expect(blocks(r, '보존.나중에 하자')).toBe(false);
    expect(blocks(r, '2.5배 빨라')).toBe(false);
  });
});

describe('Latin letter-for-letter look-alikes', () => {
  const r = rules(['cunt', 'fag', 'wank', 'fuk', 'saw']);
  it.each(['cvnt', 'CVNT', 'phag', 'vvank', 'vvanking', 'phvk'])('%s is caught', (t) => expect(blocks(r, t)).toBe(true));
  it.each(['esophagus', 'Phuket trip', 'a savvy move', 'vivid', 'the cavern'])('%s is not', (t) => expect(blocks(r, t)).toBe(false));
});
