import { NO_ROOM_MODES, type PublishedRoom, type RoomModes } from '@tribune/contracts';
import type { ActiveRules } from './live-rules';

/**
 * What viewers are told about a room's status and modes: on a rules swap that changed them (every node tells its own
 * viewers, so each viewer hears it once), and on joining a room where something is in force.
 */

type RoomState = Pick<PublishedRoom, 'status' | 'modes'>;
const OPEN: RoomState = { status: 'open', modes: NO_ROOM_MODES };

/** One sentence per change from `before` to `after`, in a fixed order; '' when nothing a viewer notices changed. */
export function describeRoomChange(before: RoomState, after: RoomState): string {
  const parts: string[] = [];
  if (before.status !== after.status) {
    parts.push(after.status === 'closed' ? 'Chat is closed: read-only.' : after.status === 'archived' ? 'This room is archived: chat is read-only.' : 'Chat is open again.');
  }
  const b: RoomModes = before.modes;
  const a: RoomModes = after.modes;
  if (b.slowModeSeconds !== a.slowModeSeconds) {
    parts.push(a.slowModeSeconds === null ? 'Slow mode is off.' : `Slow mode is on: one message every ${a.slowModeSeconds} s.`);
  }
  if (b.subscribersOnly !== a.subscribersOnly) parts.push(a.subscribersOnly ? 'Subscriber-only chat is on.' : 'Subscriber-only chat is off.');
  if (b.emojiOnly !== a.emojiOnly) parts.push(a.emojiOnly ? 'Emoji-only chat is on.' : 'Emoji-only chat is off.');
  if (b.linksOff !== a.linksOff) parts.push(a.linksOff ? 'Links are not allowed.' : 'Links are allowed again.');
  if (b.maxMessageLength !== a.maxMessageLength) {
    parts.push(a.maxMessageLength === null ? 'The message length limit is lifted.' : `Messages are limited to ${a.maxMessageLength} characters.`);
  }
  if (b.firstTimeWaitSeconds !== a.firstTimeWaitSeconds) {
    parts.push(a.firstTimeWaitSeconds === null ? 'New chatters no longer wait.' : `New chatters must be in the room ${a.firstTimeWaitSeconds} s before they can chat.`);
  }
  return parts.join(' ');
}

/** What a viewer joining the room is told is in force ('' when the room is open with no mode on). */
export function describeRoomInForce(room: RoomState | undefined): string {
  return room ? describeRoomChange(OPEN, room) : '';
}

/**
 * The notices a swap from `previous` to `next` calls for: one per room whose status or modes changed. None at a
 * node's first load (nothing changed for its viewers: it has none yet), and none for a room new to the list.
 */
export function modeNotices(previous: ActiveRules<unknown> | null, next: ActiveRules<unknown>): { room: string; text: string }[] {
  if (!previous || !next.rooms) return [];
  const notices: { room: string; text: string }[] = [];
  for (const [id, after] of next.rooms) {
    // A rule set without a room list before this one: its rooms were open with no modes.
    const before = previous.rooms ? previous.rooms.get(id) : OPEN;
    if (!before) continue;
    const text = describeRoomChange(before, after);
    if (text) notices.push({ room: id, text });
  }
  return notices;
}
