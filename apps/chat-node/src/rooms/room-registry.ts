/**
 * Which local connections are in which room. Pure bookkeeping: the caller acts on the
 * transitions it reports (first viewer in → subscribe; last viewer out → unsubscribe).
 */
export class RoomRegistry<S> {
  private readonly rooms = new Map<string, Set<S>>();

  /** Returns true when `member` is the room's first local member. */
  join(room: string, member: S): { first: boolean; count: number } {
    let members = this.rooms.get(room);
    const first = !members;
    if (!members) {
      members = new Set();
      this.rooms.set(room, members);
    }
    members.add(member);
    return { first, count: members.size };
  }

  /** Returns true when the room has no local member left. */
  leave(room: string, member: S): { last: boolean; count: number; wasMember: boolean } {
    const members = this.rooms.get(room);
    if (!members || !members.has(member)) return { last: false, count: members?.size ?? 0, wasMember: false };
    members.delete(member);
    if (members.size === 0) {
      this.rooms.delete(room);
      return { last: true, count: 0, wasMember: true };
    }
    return { last: false, count: members.size, wasMember: true };
  }

  members(room: string): ReadonlySet<S> {
    return this.rooms.get(room) ?? EMPTY;
  }

  count(room: string): number {
    return this.rooms.get(room)?.size ?? 0;
  }

  roomNames(): string[] {
    return [...this.rooms.keys()];
  }
}

const EMPTY: ReadonlySet<never> = new Set();
