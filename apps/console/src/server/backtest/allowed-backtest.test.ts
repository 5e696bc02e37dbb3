import { describe, expect, it } from 'vitest';
import { runAllowedBacktest } from './allowed-backtest';
import type { StoredMessage } from './stored-messages';

let n = 0;
const msg = (text: string, over: Partial<StoredMessage> = {}): StoredMessage => ({ id: `m${++n}`, ts: 1_000_000 + n, room: 'final', userId: `u${n}`, roles: [], text, status: 'blocked', ...over });

describe('allowed phrase backtest', () => {
  it('counts the stored messages whose word hit the phrase lifts, and those it lets through entirely', () => {
    const words = [
      { id: 'w1', term: 'bollocks', match: 'contains' as const, action: 'hold' as const, roomId: null, expiresAt: null },
      { id: 'w2', term: 'ref', match: 'word' as const, action: 'block' as const, roomId: null, expiresAt: null },
    ];
    const messages = [msg('meet at bollocksbury arms'), msg('bollocksbury and the ref'), msg('utter bollocks'), msg('nothing here', { status: 'accepted' }), msg('bollocksbury', { room: 'other' })];
    const out = runAllowedBacktest({ words, allowed: [] }, { phrase: 'bollocksbury', roomId: 'final' }, messages);
    expect(out).toMatchObject({ scanned: 5, affected: 2, letThrough: 1 });
    expect(out.examples.map((e) => [e.text, e.clean, e.lifted])).toEqual([
      ['meet at bollocksbury arms', true, [{ term: 'bollocks', span: [8, 16] }]],
      ['bollocksbury and the ref', false, [{ term: 'bollocks', span: [0, 8] }]],
    ]);
  });
});
