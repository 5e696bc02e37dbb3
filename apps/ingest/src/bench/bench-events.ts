import type { MessageEvent, MessageStatus } from '@tribune/contracts';

const WORDS = ['pass', 'shot', 'keeper', 'corner', 'offside', 'referee', 'header', 'volley', 'tackle', 'press', 'what', 'a', 'game', 'tonight', 'again', 'wow', '골', '대박', '진짜'];

/** Deterministic chat message events: 20 rooms of the run (`ib<run>-N`), 5,000 users, ~10 % with a rule hit, texts of 3–11 words. */
export function benchEvent(run: string, i: number, ts: number): MessageEvent {
  const r = (i * 2_654_435_761) >>> 0;
  const status: MessageStatus = r % 100 < 85 ? 'accepted' : r % 100 < 92 ? 'masked' : r % 100 < 97 ? 'blocked' : 'held';
  const text = Array.from({ length: 3 + (r % 9) }, (_, k) => WORDS[(r >>> k) % WORDS.length]).join(' ');
  const hit = status === 'accepted' ? [] : [{ ruleId: `w${r % 7}`, kind: 'word' as const, term: `term${r % 7}`, action: status === 'masked' ? 'mask' : status === 'blocked' ? 'block' : 'hold', span: [0, 4] as [number, number], normalized: `term${r % 7}` }];
  return {
    v: 1,
    id: `${run}-${i.toString(36).padStart(8, '0')}`,
    ts,
    room: `ib${run.slice(0, 8)}-${r % 20}`,
    user: { id: `u${r % 5_000}`, name: `User ${r % 5_000}`, roles: r % 10 === 0 ? ['subscriber'] : [] },
    text,
    ...(status === 'masked' ? { deliveredText: `**** ${text.slice(5)}` } : {}),
    status,
    hits: hit,
    cid: `c${i}`,
    node: 'node-bench',
    rulesVersion: 7,
  };
}
