import { describe, expect, it } from 'vitest';
import { makeCorpus, prng } from '../bench/synthetic';
import { compile } from '../compile';
import { evaluate } from '../evaluate';
import { DEFAULT_EXEMPT_ROLES, defaultSpamPolicy } from './default-policy';
import { createSpamState } from './spam-state';

function room(exemptRoles: string[] = [...DEFAULT_EXEMPT_ROLES]) {
  const compiled = compile({ spam: defaultSpamPolicy(), exemptRoles });
  const state = createSpamState();
  return (text: string, ts: number, userId = 'u1', roles: string[] = []) => evaluate({ text, userId, roles, room: 'final', ts }, { state }, compiled);
}

describe('default spam policy', () => {
  it('compiles, and every rule carries a stable default- id', () => {
    const policy = defaultSpamPolicy();
    expect(policy.map((r) => r.kind).sort()).toEqual(['duplicate', 'raid', 'rate', 'repetition']);
    expect(policy.every((r) => r.id.startsWith('default-') && r.roomId === null && r.enabled)).toBe(true);
    expect(() => compile({ spam: policy })).not.toThrow();
  });

  it('a normal chatter never notices: 40 minutes of chat, one message every 2–15 s, short reactions repeated', () => {
    const send = room();
    const rand = prng(3);
    const corpus = makeCorpus(400, [], { bytes: 40, hitRate: 0 });
    const reactions = ['gg', 'ㅋㅋㅋ', 'ㅋㅋㅋㅋㅋ', 'GOAL!!', '골!!', 'lol', 'wow', '대박'];
    let ts = 0;
    const refused: string[] = [];
    for (let i = 0; i < 400; i++) {
      ts += 2_000 + Math.floor(rand() * 13_000);
      const text = rand() < 0.3 ? reactions[Math.floor(rand() * reactions.length)]! : corpus[i]!;
      const d = send(text, ts);
      if (d.action !== 'allow') refused.push(`${text} → ${d.action} ${d.reason}`);
    }
    expect(refused).toEqual([]);
  });

  it('a burst of excitement passes: 10 different messages in 5 s', () => {
    const send = room();
    const texts = ['GOAL', 'what a strike', 'unbelievable!!', 'top corner', '골!!!', 'ㅋㅋㅋㅋㅋ', 'he did it', 'best goal this season', 'wow', 'replay please'];
    expect(texts.map((t, i) => send(t, i * 500).action)).toEqual(texts.map(() => 'allow'));
  });

  it('stops a duplicate flood after the first copy, near copies and evasions included', () => {
    const send = room();
    const flood = Array.from({ length: 60 }, (_, i) => ['BUY CHEAP GOLD at goldshop dot com', 'buy cheap g0ld at goldshop dot com', 'BUY CHEAP GOLD at goldshop dot com!!', `BUY CHEAP GOLD at goldshop dot com ${i}`][i % 4]!);
    const actions = flood.map((t, i) => send(t, i * 33));
    expect(actions[0]!.action).toBe('allow');
    expect(actions.slice(1).every((d) => d.action === 'reject')).toBe(true);
    expect(actions[1]!.hits.map((h) => h.ruleId)).toContain('default-duplicate');
  });

  it('throttles a fast distinct-text spammer to 20 per 30 s', () => {
    const send = room();
    // 30 messages a second for 10 s, every one different (not even near copies of each other).
    const texts = makeCorpus(300, [], { bytes: 50, hitRate: 0, seed: 11 });
    const decisions = texts.map((t, i) => send(t, Math.floor(i * 33.4)));
    const accepted = decisions.filter((d) => d.action === 'allow').length;
    expect(decisions.filter((d) => d.action !== 'allow').every((d) => d.reason === 'spam:rate')).toBe(true);
    // A full bucket of 20, plus 20/30 per second refilled over 10 s.
    expect(accepted).toBeGreaterThanOrEqual(26);
    expect(accepted).toBeLessThanOrEqual(27);
  });

  it('masks a long wall of one character, lets a short one through', () => {
    const send = room();
    expect(send(`ㅋ${'ㅋ'.repeat(15)}`, 0).action).toBe('allow');
    const wall = send(`nice ${'😂'.repeat(40)}`, 100_000);
    expect(wall.action).toBe('mask');
    expect(wall.text).toBe('nice ***');
  });

  it('raid protection: the same long text from many users of the room is refused from the 8th user on', () => {
    const send = room();
    const text = 'everyone join discord dot gg slash freestuff now';
    const actions = Array.from({ length: 20 }, (_, i) => send(text, i * 200, `bot-${i}`).action);
    expect(actions.slice(0, 7)).toEqual(Array(7).fill('allow'));
    expect(actions.slice(7)).toEqual(Array(13).fill('reject'));
  });

  it('moderators, broadcasters and operator-configured roles pass; word rules would still apply to them', () => {
    const send = room([...DEFAULT_EXEMPT_ROLES, 'bot']);
    for (const roles of [['moderator'], ['broadcaster'], ['bot']]) {
      const actions = Array.from({ length: 40 }, (_, i) => send('same announcement from staff', i * 10, `staff-${roles[0]}`, roles).action);
      expect(actions.every((a) => a === 'allow'), roles[0]).toBe(true);
    }
    expect(Array.from({ length: 3 }, (_, i) => send('same announcement from staff', i * 10, 'viewer').action)).toEqual(['allow', 'reject', 'reject']);
  });
});
