import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { createSpamState } from './spam/spam-state';
import { parseWordList } from './word-list';
import { loadDevset } from './devset/score';

// Property tests: whatever the input, evaluate returns a well-formed decision, never throws, and
// stays within a generous time bound (the bound catches super-linear blow-ups, not speed).
const compiled = compile({
  ...parseWordList(loadDevset('devset').words),
  words: [
    ...(parseWordList(loadDevset('devset').words).words ?? []),
    { id: 'bait1', term: '(a+)+$', match: 'regex' },
    { id: 'bait2', term: '(x|x)*y', match: 'regex' },
    { id: 'bait3', term: '(.*a){12}', match: 'regex' },
  ],
  spam: [
    { id: 'rep', kind: 'repetition', maxRun: 10 },
    { id: 'dup', kind: 'duplicate', windowSeconds: 30 },
    { id: 'raid', kind: 'raid', windowSeconds: 30, minUsers: 3 },
    { id: 'links', kind: 'links', mode: 'deny_all' },
    { id: 'caps', kind: 'caps', maxRatio: 0.9 },
  ],
});
const state = createSpamState({ maxUsers: 100, maxTexts: 100 });
const ACTIONS = ['allow', 'block', 'mask', 'hold', 'shadow', 'reject', 'timeout'];

function check(text: string, boundMs: number): void {
  const started = performance.now();
  const d = evaluate({ text, userId: 'fuzz', roles: [], room: 'r', ts: 0 }, { state }, compiled);
  expect(performance.now() - started).toBeLessThan(boundMs);
  expect(ACTIONS).toContain(d.action);
  expect(typeof d.text).toBe('string');
  for (const h of d.hits) {
    if (h.span) {
      expect(h.span[0]).toBeGreaterThanOrEqual(0);
      expect(h.span[1]).toBeLessThanOrEqual(text.length);
      expect(h.span[0]).toBeLessThanOrEqual(h.span[1]);
    }
  }
}

const loneSurrogates = fc.array(fc.integer({ min: 0xd800, max: 0xdfff }), { maxLength: 20 }).map((cs) => String.fromCharCode(...cs));
const anyUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }).map((cs) => String.fromCharCode(...cs));
const evasive = fc.array(fc.constantFrom(...'ㅅㅐㄲㅣ존나새끼damn4@$*.-_ 1\u200b\u200dａｍ'), { maxLength: 80 }).map((cs) => cs.join(''));

describe('fuzz: evaluate never throws and stays bounded', () => {
  it('random Unicode (all planes)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (t) => check(t, 250)), { numRuns: 500 });
  });

  it('random UTF-16 code units, including lone surrogates', () => {
    fc.assert(fc.property(fc.oneof(loneSurrogates, anyUnits), (t) => check(t, 250)), { numRuns: 500 });
  });

  it('evasion-shaped noise (jamo, leetspeak, separators, invisibles)', () => {
    fc.assert(fc.property(evasive, (t) => check(t, 250)), { numRuns: 500 });
  });

  it('100 KB messages', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', minLength: 50, maxLength: 200 }), (chunk) => {
      check(chunk.repeat(Math.ceil(100_000 / Math.max(1, chunk.length))).slice(0, 100_000), 5_000);
    }), { numRuns: 5 });
  }, 60_000);

  it('regex backtracking bait runs in linear time (RE2)', () => {
    for (const bait of ['a'.repeat(100_000) + '!', 'x'.repeat(100_000), 'a'.repeat(30_000) + 'b']) check(bait, 5_000);
  }, 60_000);

  it('deep repetition and separator walls', () => {
    for (const wall of ['ㅋ'.repeat(100_000), 'd a m n '.repeat(12_000), '.'.repeat(100_000), 'x.'.repeat(50_000) + 'io']) check(wall, 5_000);
  }, 60_000);
});
