import type { RuleSetInput, SpamRule } from '@tribune/contracts';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile';
import { evaluate } from '../evaluate';
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
