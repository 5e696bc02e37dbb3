import * as contracts from '@tribune/contracts';
import { describe, expect, it } from 'vitest';
import { isServerFrame } from './frame-guard';
import * as sdk from './protocol';

// The SDK mirrors the contracts (it must not depend on the monorepo once published): this file fails when they drift.

// Type level: each side's frames are the other's (checked by `tsc`, which covers test files).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const framesMatch: Same<contracts.ServerFrame, sdk.ServerFrame> = true;
const clientFramesMatch: Same<contracts.ClientFrame, sdk.ClientFrame> = true;
const messagesMatch: Same<contracts.ChatMessage, sdk.ChatMessage> = true;
const statusesMatch: Same<contracts.MessageStatus, sdk.MessageStatus> = true;

const user = { id: 'u1', name: 'Alice', roles: ['subscriber'] };
const message = { room: 'final', id: '0197-a', user, text: 'hi', ts: 1764240000000 };
const valid: unknown[] = [
  { type: 'joined', room: 'final', history: [message], viewers: 3 },
  { type: 'joined', room: 'final', history: [], viewers: 0, recovered: false },
  { type: 'message', ...message },
  { type: 'messages', room: 'final', messages: [{ id: 'a', user, text: 'x', ts: 1 }, { id: 'b', user: { id: 'u2', name: 'B', roles: [] }, text: 'y', ts: 2 }] },
  { type: 'ack', cid: 'c1', id: 'm1', status: 'accepted' },
  { type: 'ack', cid: 'c1', id: 'm1', status: 'blocked', reason: 'word:banned-1' },
  { type: 'deleted', room: 'final', id: 'm1' },
  { type: 'notice', room: 'final', text: 'half time' },
  { type: 'error', code: 'not_joined', message: 'join first' },
  { type: 'pong' },
  { type: 'mod_ack', action: 'delete', room: 'final', cid: 'm1' },
];
const invalid: unknown[] = [
  null,
  [],
  'pong',
  { type: 'nope' },
  { room: 'final' },
  { type: 'joined', room: 'final', history: [message] },
  { type: 'joined', room: 'final', history: [{ ...message, ts: 'now' }], viewers: 1 },
  { type: 'joined', room: 'final', history: [], viewers: -1 },
  { type: 'joined', room: 'final', history: [], viewers: 1, recovered: 'yes' },
  { type: 'message', ...message, user: { id: 'u1' } },
  { type: 'message', ...message, id: 7 },
  { type: 'messages', room: 'final', messages: [] },
  { type: 'messages', room: 'final', messages: [{ id: 'a', user, ts: 1 }] },
  { type: 'ack', cid: 'c1', id: 'm1', status: 'maybe' },
  { type: 'ack', cid: 'c1', status: 'accepted' },
  { type: 'ack', cid: 'c1', id: 'm1', status: 'rejected', reason: 5 },
  { type: 'deleted', room: 'final' },
  { type: 'notice', text: 'x' },
  { type: 'error', code: 'x' },
  { type: 'mod_ack', action: 'ban', room: 'final' },
];

describe('the SDK and packages/contracts agree', () => {
  it('on the types (compile-time)', () => {
    expect([framesMatch, clientFramesMatch, messagesMatch, statusesMatch]).toEqual([true, true, true, true]);
  });

  it('on the error codes, close codes, statuses and limits', () => {
    expect(sdk.ERROR_CODES).toEqual(contracts.ERROR_CODES);
    expect(sdk.CLOSE_CODES).toEqual(contracts.CLOSE_CODES);
    expect(sdk.MESSAGE_STATUSES).toEqual(contracts.messageStatus.options);
    expect(sdk.MAX_TEXT_LENGTH).toBe(contracts.MAX_TEXT_LENGTH);
    for (const room of ['a', 'final-2026', 'x_y', '9', 'A', '-a', '', 'a'.repeat(65)]) {
      expect(sdk.ROOM_PATTERN.test(room), room).toBe(contracts.roomId.safeParse(room).success);
    }
  });

  it('the structural guard accepts what the zod schema accepts, and refuses every malformed frame the schema refuses', () => {
    for (const frame of valid) {
      expect(contracts.serverFrame.safeParse(frame).success, JSON.stringify(frame)).toBe(true);
      expect(isServerFrame(frame), JSON.stringify(frame)).toBe(true);
    }
    for (const frame of invalid) {
      expect(contracts.serverFrame.safeParse(frame).success, JSON.stringify(frame)).toBe(false);
      expect(isServerFrame(frame), JSON.stringify(frame)).toBe(false);
    }
  });
});
