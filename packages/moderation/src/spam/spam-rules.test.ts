import type { RuleSetInput, SpamRule } from '@tribune/contracts';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile';
import { decide, evaluate, prepare } from '../evaluate';
import { createSpamState, type SpamState } from './spam-state';

function engine(spam: RuleSetInput['spam'], state: SpamState = createSpamState()) {
  const compiled = compile({ spam });
  return (text: string, ts: number, userId = 'u1', roles: string[] = [], room = 'main') =>
    evaluate({ text, userId, roles, room, ts }, { state }, compiled);
}
const kinds = (d: ReturnType<ReturnType<typeof engine>>): string[] => d.hits.map((h) => h.term);

describe('spam rules', () => {
  it('rate: a token bucket allows a burst, then refills over time', () => {
    const send = engine([{ id: 'r', kind: 'rate', burst: 3, perSeconds: 3 }]);
    expect([0, 10, 20].map((t) => send('hi', t).action)).toEqual(['allow', 'allow', 'allow']);
    expect(send('hi', 30).action).toBe('reject');
    expect(send('hi', 1_100).action).toBe('allow'); // one token back after a second
    expect(send('hi', 1_150).action).toBe('reject');
    expect(send('hi', 40, 'u2').action).toBe('allow'); // buckets are per user
  });

  it('slow mode: one message per N seconds, counted from the last accepted one', () => {
    const send = engine([{ id: 's', kind: 'slow_mode', seconds: 5 }]);
    expect(send('a', 0).action).toBe('allow');
    expect(send('b', 4_000).action).toBe('reject');
    expect(send('c', 5_000).action).toBe('allow');
  });

  it('duplicate: same or near-duplicate text from one user within the window, through evasion', () => {
    const send = engine([{ id: 'd', kind: 'duplicate', windowSeconds: 30, similarity: 0.8 }]);
    expect(send('free skins for everyone here', 0).action).toBe('allow');
    expect(send('FREE  skins for everyone here!!', 1_000).action).toBe('reject');
    expect(send('free skins for everyone hereee', 2_000).action).toBe('reject');
    expect(send('what a save by the keeper', 3_000).action).toBe('allow');
    expect(send('free skins for everyone here', 60_000).action).toBe('allow'); // window passed
  });

  it('raid: the same text from many users within the window', () => {
    const send = engine([{ id: 'raid', kind: 'raid', windowSeconds: 10, minUsers: 3, action: 'hold' }]);
    const text = 'join my channel for free coins now';
    expect(send(text, 0, 'a').action).toBe('allow');
    expect(send(text, 100, 'b').action).toBe('allow');
    expect(send(text, 200, 'c').action).toBe('hold');
    expect(send(text, 60_000, 'd').action).toBe('allow'); // the others aged out
    expect(send('gg', 0, 'x').action).toBe('allow');
  });

  it('repetition: walls of one character, emoji or short unit', () => {
    const send = engine([{ id: 'w', kind: 'repetition', maxRun: 5, action: 'mask' }]);
    expect(send('goal!!!!', 0).action).toBe('allow');
    const d = send('haha 😂😂😂😂😂😂😂 wow', 0);
    expect(d.action).toBe('mask');
    expect(d.text).toBe('haha *** wow');
    expect(send('lolololololololol', 0).action).toBe('mask');
  });

  it('caps ratio applies only from minLength letters', () => {
    const send = engine([{ id: 'c', kind: 'caps', maxRatio: 0.7, minLength: 8 }]);
    expect(send('GOAL', 0).action).toBe('allow');
    expect(send('WHAT A GOAL BY HIM', 0).action).toBe('reject');
    expect(send('What a goal by him', 0).action).toBe('allow');
  });

  it('max length counts code points', () => {
    const send = engine([{ id: 'm', kind: 'max_length', maxChars: 5 }]);
    expect(send('😂😂😂😂😂', 0).action).toBe('allow');
    expect(send('😂😂😂😂😂😂', 0).action).toBe('reject');
  });

  it('links: deny all, allow list, deny list (with obfuscated dots)', () => {
    const deny = engine([{ id: 'l', kind: 'links', mode: 'deny_all' }]);
    expect(deny('see x.com', 0).action).toBe('reject');
    expect(deny('see x dot com', 0).action).toBe('reject');
    expect(deny('score 2.1 tonight. so', 0).action).toBe('allow');
    const allow = engine([{ id: 'l', kind: 'links', mode: 'allow_list', domains: ['tribune.tv'] }]);
    expect(allow('clips at clips.tribune.tv', 0).action).toBe('allow');
    expect(allow('clips at evil.tv', 0).action).toBe('reject');
    const denyList = engine([{ id: 'l', kind: 'links', mode: 'deny_list', domains: ['evil.tv'] }]);
    expect(denyList('clips at evil[.]tv', 0).action).toBe('reject');
    expect(denyList('clips at good.tv', 0).action).toBe('allow');
  });

  it('roles: subscriber-only with exempt roles', () => {
    const send = engine([{ id: 'sub', kind: 'roles', requireAnyRole: ['subscriber'], exemptRoles: ['vip'] }]);
    expect(send('hi', 0, 'u', []).action).toBe('reject');
    expect(send('hi', 0, 'u', ['subscriber']).action).toBe('allow');
    expect(send('hi', 0, 'u', ['vip']).action).toBe('allow');
  });

  it('disabled rules and other rooms do not apply', () => {
    const rules: SpamRule[] = [
      { id: 'off', kind: 'max_length', maxChars: 1, enabled: false, roomId: null, action: 'reject' },
      { id: 'room', kind: 'max_length', maxChars: 1, enabled: true, roomId: 'other', action: 'reject' },
    ];
    expect(kinds(engine(rules)('long text', 0))).toEqual([]);
  });

  it('mentions: more than maxMentions distinct @names in one message', () => {
    const send = engine([{ id: 'm', kind: 'mentions', maxMentions: 2 }]);
    expect(send('@kim @lee nice', 0).action).toBe('allow');
    expect(send('@kim @KIM @kim gg', 0).action).toBe('allow'); // one name, three times
    expect(send('mail me at a@b.co', 0).action).toBe('allow'); // an address is not a mention
    const d = send('@a1 @b2 @c3 @d4 follow', 0);
    expect(d.action).toBe('reject');
    expect(d.hits[0]!.counter).toEqual({ name: 'mentions', value: 4, limit: 2, scope: 'message' });
  });

  it('every spam hit records its counter, limit and window; flood counters name their store', () => {
    const send = engine([
      { id: 'r', kind: 'rate', burst: 2, perSeconds: 30 },
      { id: 'd', kind: 'duplicate', windowSeconds: 30 },
      { id: 'c', kind: 'caps', maxRatio: 0.5 },
      { id: 'w', kind: 'repetition', maxRun: 3, action: 'mask' },
    ]);
    send('first message', 0);
    const dup = send('first message', 1_000);
    expect(dup.hits).toEqual([
      { ruleId: 'd', kind: 'spam', term: 'duplicate', action: 'reject', normalized: 'firstmessage', counter: { name: 'copies', value: 1, limit: 1, windowSeconds: 30, scope: 'user', store: 'local' } },
    ]);
    const third = send('SHOUTING LOUDLY NOW!!!!!', 2_000);
    expect(third.hits.map((h) => [h.ruleId, h.counter])).toEqual([
      ['c', { name: 'caps_ratio', value: 1, limit: 0.5, scope: 'message' }],
      ['w', { name: 'run', value: 5, limit: 3, scope: 'message' }],
      ['r', { name: 'tokens', value: 0.13, limit: 2, windowSeconds: 30, scope: 'user', store: 'local' }],
    ]);
    const raid = engine([{ id: 'raid', kind: 'raid', windowSeconds: 10, minUsers: 2 }]);
    raid('the same long copy pasta', 0, 'a');
    expect(raid('the same long copy pasta', 5, 'b').hits[0]!.counter).toEqual({ name: 'users', value: 2, limit: 2, windowSeconds: 10, scope: 'room', store: 'local' });
  });

  it('raid rules with different windows each count their own window', () => {
    const send = engine([
      { id: 'short', kind: 'raid', windowSeconds: 1, minUsers: 3 },
      { id: 'long', kind: 'raid', windowSeconds: 60, minUsers: 3 },
    ]);
    const text = 'a long enough copy paste text';
    send(text, 0, 'a');
    send(text, 10_000, 'b');
    expect(send(text, 10_100, 'c').hits.map((h) => h.ruleId)).toEqual(['long']);
  });

  it('prepare → decide: per-message rules are final at once; flood rules wait for the store answer', () => {
    const compiled = compile({ spam: [{ id: 'r', kind: 'rate', burst: 1, perSeconds: 10 }, { id: 'x', kind: 'max_length', maxChars: 3 }] });
    const p = prepare({ text: 'hello', userId: 'u', roles: [], room: 'main', ts: 5 }, compiled);
    expect(p.hits.map((h) => h.ruleId)).toEqual(['x']);
    expect(p.flood).toMatchObject({ room: 'main', userId: 'u', ts: 5, key: '', rules: [{ id: 'r' }] });
    const counter = { name: 'tokens', value: 0, limit: 1, windowSeconds: 10, scope: 'user' as const, store: 'redis' as const };
    expect(decide(p, [{ hit: true, counter }]).hits.map((h) => [h.ruleId, h.counter?.store])).toEqual([['x', undefined], ['r', 'redis']]);
    // An exempt sender asks the store nothing.
    expect(prepare({ text: 'hello', userId: 'u', roles: ['moderator'], room: 'main', ts: 5 }, compiled).flood).toBeNull();
  });

  it('keeps state bounded however many users and texts pass through', () => {
    const state = createSpamState({ maxUsers: 1_000, maxTexts: 500 });
    const send = engine([
      { id: 'r', kind: 'rate', burst: 5, perSeconds: 10 },
      { id: 'd', kind: 'duplicate', windowSeconds: 60 },
      { id: 'raid', kind: 'raid', windowSeconds: 60, minUsers: 50 },
    ], state);
    for (let i = 0; i < 30_000; i++) send(`message number ${i} from a user`, i, `user-${i}`);
    expect(state.users.size).toBe(1_000);
    expect(state.texts.size).toBe(500);
    // A recent user is still tracked: their duplicate is caught.
    expect(send('message number 29999 from a user', 30_000, 'user-29999').action).toBe('reject');
  }, 60_000);
});
