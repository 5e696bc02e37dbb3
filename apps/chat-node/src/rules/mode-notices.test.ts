import { publishedRoom, type PublishedRoom } from '@tribune/contracts';
import { describe, expect, it } from 'vitest';
import { LiveRules, type ActiveRules } from './live-rules';
import { describeRoomChange, describeRoomInForce, modeNotices } from './mode-notices';

const room = (input: Record<string, unknown>): PublishedRoom => publishedRoom.parse({ id: 'final', ...input });
const active = (version: number, rooms: PublishedRoom[] | null): ActiveRules<null> => ({
  version,
  publishedAt: 1,
  compiled: null,
  rooms: rooms ? new Map(rooms.map((r) => [r.id, r])) : null,
});

describe('mode notices', () => {
  it('names each change, in one sentence each', () => {
    expect(describeRoomChange(room({}), room({ modes: { slowModeSeconds: 30 } }))).toBe('Slow mode is on: one message every 30 s.');
    expect(describeRoomChange(room({ modes: { slowModeSeconds: 30 } }), room({}))).toBe('Slow mode is off.');
    expect(describeRoomChange(room({ modes: { linksOff: true } }), room({ status: 'closed', modes: { maxMessageLength: 200 } }))).toBe(
      'Chat is closed: read-only. Links are allowed again. Messages are limited to 200 characters.',
    );
    expect(describeRoomChange(room({ modes: { subscribersOnly: true } }), room({ modes: { subscribersOnly: true } }))).toBe('');
  });

  it('a join is told what is in force, and nothing in an open room without modes', () => {
    expect(describeRoomInForce(room({ status: 'closed' }))).toBe('Chat is closed: read-only.');
    expect(describeRoomInForce(room({ modes: { emojiOnly: true, firstTimeWaitSeconds: 60 } }))).toBe('Emoji-only chat is on. New chatters must be in the room 60 s before they can chat.');
    expect(describeRoomInForce(room({}))).toBe('');
    expect(describeRoomInForce(undefined)).toBe('');
  });

  it('a swap yields one notice per changed room; none at first load or for a new room', () => {
    const before = active(1, [room({}), room({ id: 'other' })]);
    const after = active(2, [room({ modes: { slowModeSeconds: 10 } }), room({ id: 'other' }), room({ id: 'new', status: 'closed' })]);
    expect(modeNotices(before, after)).toEqual([{ room: 'final', text: 'Slow mode is on: one message every 10 s.' }]);
    expect(modeNotices(null, after)).toEqual([]);
    expect(modeNotices(active(1, null), after)).toEqual([{ room: 'final', text: 'Slow mode is on: one message every 10 s.' }, { room: 'new', text: 'Chat is closed: read-only.' }]);
  });

  it('LiveRules tells its swap listeners the version before and the one now in force', () => {
    const live = new LiveRules(() => null);
    const seen: string[] = [];
    live.onSwap((previous, next) => seen.push(modeNotices(previous, next).map((n) => `${previous?.version}->${next.version} ${n.room}: ${n.text}`).join('|')));
    const snap = (version: number, modes: Record<string, unknown>) => JSON.stringify({ v: 1, version, publishedAt: 1, rules: { rooms: [{ id: 'final', modes }] } });
    live.apply(snap(1, {}));
    live.apply(snap(2, { subscribersOnly: true }));
    live.apply(snap(2, {}));
    expect(seen).toEqual(['', '1->2 final: Subscriber-only chat is on.']);
  });
});
