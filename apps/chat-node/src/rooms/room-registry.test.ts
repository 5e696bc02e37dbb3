import { describe, expect, it } from 'vitest';
import { RoomRegistry } from './room-registry';

describe('RoomRegistry', () => {
  it('reports the first join and the last leave of a room', () => {
    const rooms = new RoomRegistry<string>();
    expect(rooms.join('r', 'a')).toEqual({ first: true, count: 1 });
    expect(rooms.join('r', 'b')).toEqual({ first: false, count: 2 });
    expect(rooms.leave('r', 'a')).toEqual({ last: false, count: 1, wasMember: true });
    expect(rooms.leave('r', 'b')).toEqual({ last: true, count: 0, wasMember: true });
    expect(rooms.roomNames()).toEqual([]);
    expect(rooms.join('r', 'c').first).toBe(true);
  });

  it('treats a repeated join as one membership and a stranger leaving as a no-op', () => {
    const rooms = new RoomRegistry<string>();
    rooms.join('r', 'a');
    expect(rooms.join('r', 'a')).toEqual({ first: false, count: 1 });
    expect(rooms.leave('r', 'z')).toEqual({ last: false, count: 1, wasMember: false });
    expect(rooms.leave('other', 'a')).toEqual({ last: false, count: 0, wasMember: false });
    expect([...rooms.members('r')]).toEqual(['a']);
  });
});
