import { describe, expect, it } from 'vitest';
import { format, refusalText, registerStrings, stringsFor } from './strings.js';

describe('strings', () => {
  it('picks Korean for ko and ko-KR, English for anything unknown', () => {
    expect(stringsFor('ko').send).toBe('보내기');
    expect(stringsFor('ko-KR').send).toBe('보내기');
    expect(stringsFor('fr').send).toBe('Send');
    expect(stringsFor(undefined).send).toBe('Send');
  });

  it('ships every English key in Korean too', () => {
    const en = stringsFor('en');
    const ko = stringsFor('ko');
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(ko.refusal).sort()).toEqual(Object.keys(en.refusal).sort());
    for (const [key, value] of Object.entries(ko.refusal)) expect(value, key).not.toBe(en.refusal[key as keyof typeof en.refusal]);
  });

  it('a registered language falls back to English for what it lacks', () => {
    registerStrings('de', { send: 'Senden', refusal: { word: 'Nicht erlaubt.' } as never });
    expect(stringsFor('de').send).toBe('Senden');
    expect(stringsFor('de').refusal.word).toBe('Nicht erlaubt.');
    expect(stringsFor('de').refusal.rate).toBe(stringsFor('en').refusal.rate);
  });

  it('formats placeholders', () => {
    expect(format('{n} characters left', { n: 3 })).toBe('3 characters left');
    expect(format('{x} stays', {})).toBe('{x} stays');
  });
});

describe('refusalText', () => {
  const en = stringsFor('en');
  it.each([
    ['word:banned-1', en.refusal.word],
    ['word_rule', en.refusal.word],
    ['spam:rate', en.refusal.rate],
    ['spam:rate timeout:600s', en.refusal.rate],
    ['spam:slow_mode', en.refusal.slowMode],
    ['spam:duplicate', en.refusal.duplicate],
    ['spam:max_length', en.refusal.maxLength],
    ['spam:something_new', en.refusal.spam],
    ['spam_rule', en.refusal.spam],
    ['timed_out', en.refusal.timedOut],
    ['unavailable', en.refusal.retry],
    ['internal', en.refusal.retry],
    ['read_only', en.refusal.readOnly],
    ['rate_limited', en.refusal.tooFast],
    ['ack_timeout', en.refusal.noAnswer],
    ['disconnected', en.refusal.lost],
    ['moderation', en.refusal.generic],
    [undefined, en.refusal.generic],
  ])('%s → plain words', (reason, expected) => {
    expect(refusalText(en, reason)).toBe(expected);
  });

  it('never shows the rule id', () => {
    expect(refusalText(en, 'word:secret-rule-7')).not.toContain('secret-rule-7');
    expect(refusalText(stringsFor('ko'), 'spam:rate')).toBe(stringsFor('ko').refusal.rate);
  });
});
