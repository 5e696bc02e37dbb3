import type { RuleSetInput } from '@tribune/contracts';
import { describe, expect, it } from 'vitest';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { MAX_REGEX_HITS } from './match/regex-hits';
import { createSpamState } from './spam/spam-state';
import type { MessageInput } from './types';

const msg = (text: string, extra: Partial<MessageInput> = {}): MessageInput => ({ text, userId: 'u1', roles: [], room: 'main', ts: 1_000_000, ...extra });
const run = (rules: RuleSetInput, text: string, extra: Partial<MessageInput> = {}) => evaluate(msg(text, extra), { state: createSpamState() }, compile(rules));

describe('word rules', () => {
  it('explains a hit: rule, term, original span, normalised form, action', () => {
    const text = 'oh d 4 m n it';
    const d = run({ words: [{ id: 'w1', term: 'damn' }] }, text);
    expect(d.action).toBe('block');
    expect(d.hits).toEqual([{ ruleId: 'w1', kind: 'word', term: 'damn', action: 'block', span: [3, 10], normalized: 'damn' }]);
    expect(text.slice(...d.hits[0]!.span!)).toBe('d 4 m n');
  });

  it('word match passes a longer word (Scunthorpe) but catches inflections', () => {
    const rules = { words: [{ id: 'w', term: 'dick' }] };
    expect(run(rules, 'Dickens novel').action).toBe('allow');
    expect(run(rules, 'two dicks').action).toBe('block');
  });

  it('repeated letters may be lengthened but not shortened', () => {
    const rules = { words: [{ id: 'w', term: 'ass' }] };
    expect(run(rules, 'as you like').action).toBe('allow');
    expect(run(rules, 'asssss').action).toBe('block');
    expect(run(rules, 'a s s').action).toBe('block');
  });

  it('contains match catches the term inside words', () => {
    expect(run({ words: [{ id: 'c', term: 'bitz', match: 'contains' }] }, 'freebitzcoin').action).toBe('block');
  });

  it('regex rules run with RE2 semantics on folded text', () => {
    const d = run({ words: [{ id: 'r', term: 'buy\\s+followers', match: 'regex', action: 'hold' }] }, 'BUY   ｆollowers now');
    expect(d.action).toBe('hold');
    expect(d.hits[0]!.span).toEqual([0, 15]);
  });

  it('mask replaces the original span with *** and delivers the rest', () => {
    const d = run({ words: [{ id: 'm', term: 'crap', action: 'mask' }] }, 'what c.r.a.p play');
    expect(d.action).toBe('mask');
    expect(d.text).toBe('what *** play');
  });

  it('a mask regex masks every occurrence, not only the first', () => {
    const text = 'free coins at x, FREE  coins again';
    const d = run({ words: [{ id: 'r', term: 'free\\s+coins', match: 'regex', action: 'mask' }] }, text);
    expect(d.action).toBe('mask');
    expect(d.hits.map((h) => h.span)).toEqual([[0, 10], [17, 28]]);
    expect(d.text).toBe('*** at x, *** again');
  });

  it('a mask regex repeated past the hit cap still leaves no copy visible', () => {
    const text = Array.from({ length: MAX_REGEX_HITS + 8 }, () => 'free coins').join(' ');
    const d = run({ words: [{ id: 'r', term: 'free coins', match: 'regex', action: 'mask' }] }, text);
    expect(d.hits).toHaveLength(MAX_REGEX_HITS);
    expect(d.text).not.toContain('free');
    expect(d.text.startsWith('*** *** ')).toBe(true);
  });

  it('overlapping masked spans of different rules merge into one ***', () => {
    const rules: RuleSetInput = { words: [{ id: 'c', term: 'dam', match: 'contains', action: 'mask' }, { id: 'w', term: 'damn', action: 'mask' }] };
    const d = run(rules, 'damn it, damned dam');
    expect(d.hits.length).toBeGreaterThanOrEqual(4);
    expect(d.text).toBe('*** it, *** ***');
    // A span inside another and two spans that only touch also give one ***.
    const inner = run({ words: [{ id: 'r', term: 'free\\s*coins', match: 'regex', action: 'mask' }, { id: 'c', term: 'coin', match: 'contains', action: 'mask' }, { id: 'x', term: 'sz', match: 'contains', action: 'mask' }] }, 'freecoinsz!');
    expect(inner.text).toBe('***!');
  });

  it('the most severe action wins: block over shadow over mask', () => {
    const rules: RuleSetInput = { words: [{ id: 'a', term: 'crap', action: 'mask' }, { id: 'b', term: 'damn', action: 'shadow' }, { id: 'c', term: 'jerk', action: 'block' }] };
    expect(run(rules, 'crap damn').action).toBe('shadow');
    expect(run(rules, 'crap damn jerk').action).toBe('block');
  });

  it('room rules apply only in their room; expired rules not at all', () => {
    const rules: RuleSetInput = { words: [{ id: 'r', term: 'offside', roomId: 'final' }, { id: 'e', term: 'penalty', expiresAt: 500 }] };
    expect(run(rules, 'offside', { room: 'final' }).action).toBe('block');
    expect(run(rules, 'offside', { room: 'other' }).action).toBe('allow');
    expect(run(rules, 'penalty', { ts: 400 }).action).toBe('block');
    expect(run(rules, 'penalty', { ts: 600 }).action).toBe('allow');
  });

  it('an allowed phrase overrides a term inside it, and only inside it', () => {
    const rules: RuleSetInput = { words: [{ id: 'w', term: '새끼' }], allowed: [{ id: 'a', phrase: '새끼손가락' }] };
    expect(run(rules, '새끼손가락 다쳤대').action).toBe('allow');
    expect(run(rules, '새끼손가락 다친 새끼').hits).toHaveLength(1);
  });

  it('catches Korean variants of a term written once', () => {
    const rules: RuleSetInput = { words: [{ id: 'w', term: '닥쳐' }] };
    for (const t of ['닥쳐라', '닭쳐', '닥_쳐', 'ㄷㅊ', 'ㄷㅏㄱㅊㅕ', '딱쳐']) expect(run(rules, t).action, t).toBe('block');
    for (const t of ['닥터 나왔다', '다 쳐냈다']) expect(run(rules, t).action, t).toBe('allow');
  });

  it('domains match through obfuscation and subdomains, not lookalike names', () => {
    const rules: RuleSetInput = { words: [{ id: 'd', term: 'spam.io' }] };
    for (const t of ['go to spam.io', 'spam[.]io', 'spam dot io', 'www.spam.io/x']) expect(run(rules, t).action, t).toBe('block');
    expect(run(rules, 'notspam.io.example is fine? spam-io.org').action).toBe('allow');
  });

  it('star wildcards stand for one or two letters', () => {
    const rules: RuleSetInput = { words: [{ id: 'w', term: 'bastard' }] };
    expect(run(rules, 'bast*rd').action).toBe('block');
    expect(run(rules, 'b**tard').action).toBe('block');
    expect(run(rules, 'b*').action).toBe('allow');
  });
});

describe('terms with digits (a word plus a number, a handle, a timestamp)', () => {
  const mask = (term: string): RuleSetInput => ({ words: [{ id: 'm', term, action: 'mask' }] });

  it('masks the whole occurrence of a term ending in digits (no digit left visible)', () => {
    const text = 'what a zorkmi3x498 move';
    const d = run(mask('zorkmi3x498'), text);
    expect(d.action).toBe('mask');
    expect(d.text).toBe('what a *** move');
    expect(d.hits).toHaveLength(1);
    expect(text.slice(...d.hits[0]!.span!)).toBe('zorkmi3x498');
    expect(d.hits[0]!.normalized).toBe('zorkmiex498');
  });

  it('masks terms with embedded and leading digits over their whole span', () => {
    expect(run(mask('r2d2'), 'r2d2 rocks').text).toBe('*** rocks');
    expect(run(mask('catch22'), 'a catch22 here').text).toBe('a *** here');
    expect(run(mask('2fast'), 'so 2fast lol').text).toBe('so *** lol');
    const text = 'gg ｚｏｒｋ４２ gg'; // full-width: the span is in UTF-16 units of the original
    const d = run(mask('zork42'), text);
    expect(text.slice(...d.hits[0]!.span!)).toBe('ｚｏｒｋ４２');
    expect(d.text).toBe('gg *** gg');
  });

  it('a term that contains digits requires exactly those digits', () => {
    const rules = mask('abc123');
    for (const t of ['abc', 'abc 123', 'abc124', 'abc1234', 'abc12', 'abc1233', 'xabc123']) expect(run(rules, t).action, t).toBe('allow');
    for (const t of ['abc123', 'ABC123!', 'well abc123, ok']) expect(run(rules, t).action, t).toBe('mask');
    expect(run(mask('catch22'), 'catch222').action).toBe('allow'); // digits are a number: no repeat collapsing
    expect(run(mask('r2d2'), 'r2d rocks').action).toBe('allow');
  });

  it('a term without digits still hits a word with digits attached, and masks the digits with it', () => {
    const text = 'zork99 and 2damn';
    const d = run({ words: [{ id: 'a', term: 'zork', action: 'mask' }, { id: 'b', term: 'damn', action: 'mask' }] }, text);
    expect(d.hits.map((h) => text.slice(...h.span!))).toEqual(['zork99', '2damn']);
    expect(d.text).toBe('*** and ***');
    expect(run(mask('damn'), 'd a m n2').action).toBe('mask'); // spaced-out evasion with a digit tail
    // A term holding a look-alike pair (ph reads as f) is caught spaced out too, and the mask covers every letter.
    const spaced = 'so z q u f q f p h y a!';
    const pair = run(mask('zqufqfphya'), spaced);
    expect(pair.action).toBe('mask');
    expect(spaced.slice(...pair.hits[0]!.span!)).toBe('z q u f q f p h y a');
    expect(run(mask('damn'), 'damn!').text).toBe('***!'); // trailing punctuation is not part of the word
  });

  it('the mask covers the inflected word a term hit', () => {
    const text = 'two dicks42 here';
    const d = run(mask('dick'), text);
    expect(text.slice(...d.hits[0]!.span!)).toBe('dicks42');
    expect(d.text).toBe('two *** here');
  });

  it('a term of digits only matches a whole number', () => {
    const rules = mask('1488');
    expect(run(rules, 'lol 1488 lol').text).toBe('lol *** lol');
    for (const t of ['14880', '21488', 'x1488']) expect(run(rules, t).action, t).toBe('allow');
  });
});

describe('spam rules in evaluate', () => {
  it('exempt roles skip spam rules but not word rules', () => {
    const rules: RuleSetInput = { words: [{ id: 'w', term: 'damn' }], spam: [{ id: 'c', kind: 'caps', maxRatio: 0.5 }] };
    expect(run(rules, 'WHAT A GOAL TODAY', { roles: ['moderator'] }).action).toBe('allow');
    expect(run(rules, 'WHAT A GOAL TODAY').action).toBe('reject');
    expect(run(rules, 'damn', { roles: ['moderator'] }).action).toBe('block');
  });

  it('timeout carries its duration', () => {
    const d = run({ spam: [{ id: 'l', kind: 'max_length', maxChars: 5, action: 'timeout', timeoutSeconds: 30 }] }, 'too long message');
    expect(d).toMatchObject({ action: 'timeout', timeoutSeconds: 30, reason: 'spam:max_length' });
  });
});
