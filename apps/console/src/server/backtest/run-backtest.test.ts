import { describe, expect, it } from 'vitest';
import { PROPOSED_RULE_ID, runBacktest } from './run-backtest';
import type { StoredMessage } from './stored-messages';

let n = 0;
const msg = (text: string, over: Partial<StoredMessage> = {}): StoredMessage => ({
  id: `m${++n}`,
  ts: 1_000_000 + n * 1000,
  room: 'main',
  userId: `u${n}`,
  roles: [],
  text,
  status: 'accepted',
  ...over,
});

describe('backtest replay', () => {
  it('counts the messages a proposed word would hit, with the span in the original text', () => {
    const messages = [msg('what a goal'), msg('oh d4mn that was close'), msg('DAMN!', { status: 'blocked' }), msg('Adam never misses')];
    const out = runBacktest({ words: [{ id: PROPOSED_RULE_ID, term: 'damn', action: 'block' }] }, messages);
    expect(out).toMatchObject({ scanned: 4, hits: 2, refused: 2, masked: 0, newlyCaught: 1, byAction: { block: 2 } });
    expect(out.examples.map((e) => [e.text, e.span, e.status])).toEqual([
      ['oh d4mn that was close', [3, 7], 'accepted'],
      ['DAMN!', [0, 4], 'blocked'],
    ]);
    expect('oh d4mn that was close'.slice(...out.examples[0]!.span!)).toBe('d4mn');
  });

  it('lets an allowed phrase in force cover a hit, as live', () => {
    const rules = { words: [{ id: PROPOSED_RULE_ID, term: '새끼', action: 'mask' as const }], allowed: [{ id: 'a1', phrase: '새끼손가락' }] };
    const out = runBacktest(rules, [msg('새끼손가락 다쳤대'), msg('이 새끼')]);
    expect(out).toMatchObject({ hits: 1, masked: 1, refused: 0 });
    expect(out.examples[0]!.text).toBe('이 새끼');
  });

  it('judges stateless spam kinds on each message (caps, links, max_length)', () => {
    const caps = runBacktest({ spam: [{ id: PROPOSED_RULE_ID, kind: 'caps', maxRatio: 0.7 }] }, [msg('WHAT A GOAL THAT WAS'), msg('what a goal'), msg('GG')]);
    expect(caps).toMatchObject({ hits: 1, refused: 1 });
    expect(caps.examples[0]!.counter).toMatchObject({ name: 'caps_ratio', value: 1, limit: 0.7 });
    const links = runBacktest({ spam: [{ id: PROPOSED_RULE_ID, kind: 'links', mode: 'deny_all', action: 'mask' }] }, [msg('see freegold.io now'), msg('no link here')]);
    expect(links).toMatchObject({ hits: 1, masked: 1 });
    expect('see freegold.io now'.slice(...links.examples[0]!.span!)).toBe('freegold.io');
  });

  it('replays flood rules in time order through the memory store: a duplicate flood is caught after its first copy', () => {
    const flood = [0, 1, 2, 3].map((i) => msg('BUY CHEAP GOLD at goldshop', { userId: 'spammer', ts: 5_000_000 + i * 1000 }));
    const out = runBacktest({ spam: [{ id: PROPOSED_RULE_ID, kind: 'duplicate', windowSeconds: 30 }] }, [...flood, msg('BUY CHEAP GOLD at goldshop', { userId: 'other', ts: 5_010_000 })]);
    expect(out).toMatchObject({ scanned: 5, hits: 3, refused: 3 });
    expect(out.examples.every((e) => e.userId === 'spammer')).toBe(true);
    expect(out.examples[0]!.counter).toMatchObject({ name: 'copies', scope: 'user' });
  });

  it('skips the exempt roles for spam rules, as live', () => {
    const rules = { spam: [{ id: PROPOSED_RULE_ID, kind: 'max_length' as const, maxChars: 5 }], exemptRoles: ['moderator'] };
    const out = runBacktest(rules, [msg('a long message'), msg('another long one', { roles: ['moderator'] })]);
    expect(out).toMatchObject({ scanned: 2, hits: 1 });
  });

  it('keeps at most the asked number of examples but counts every hit', () => {
    const out = runBacktest({ words: [{ id: PROPOSED_RULE_ID, term: 'spoiler', match: 'contains' }] }, Array.from({ length: 30 }, () => msg('spoiler ahead')), 5);
    expect(out.hits).toBe(30);
    expect(out.examples).toHaveLength(5);
  });
});
