import { MESSAGE_STATUSES, type ChatMessage, type ServerFrame } from './protocol.js';

/**
 * Checks that a parsed frame has the fields the SDK reads, with their types — a structural check
 * of `serverFrame` (packages/contracts) without zod in the browser bundle (see the README: zod's
 * runtime would be most of the bundle). protocol-conformance.test.ts holds it to the zod schema.
 * Pass `validate` to the client for the full schema.
 */
export function isServerFrame(value: unknown): value is ServerFrame {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'joined':
      return isString(value.room) && Array.isArray(value.history) && value.history.every(isChatMessage) && isCount(value.viewers) && (value.recovered === undefined || typeof value.recovered === 'boolean');
    case 'message':
      return isChatMessage(value);
    case 'messages':
      return isString(value.room) && Array.isArray(value.messages) && value.messages.length > 0 && value.messages.every(isBatched);
    case 'ack':
      return isString(value.cid) && isString(value.id) && (MESSAGE_STATUSES as readonly unknown[]).includes(value.status) && isOptionalString(value.reason);
    case 'deleted':
      return isString(value.room) && isString(value.id);
    case 'notice':
      return isString(value.room) && isString(value.text);
    case 'error':
      return isString(value.code) && isString(value.message);
    case 'pong':
      return true;
    case 'mod_ack':
      return isString(value.room) && (value.action === 'delete' || value.action === 'timeout') && isOptionalString(value.cid);
    default:
      return false;
  }
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isOptionalString = (v: unknown) => v === undefined || isString(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const isUser = (v: unknown) => isObject(v) && isString(v.id) && isString(v.name) && (v.roles === undefined || (Array.isArray(v.roles) && v.roles.every(isString)));
const isBatched = (v: unknown): v is Omit<ChatMessage, 'room'> => isObject(v) && isString(v.id) && isUser(v.user) && isString(v.text) && Number.isInteger(v.ts);
const isChatMessage = (v: unknown): v is ChatMessage => isBatched(v) && isString((v as Obj).room);
