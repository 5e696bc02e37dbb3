import { MODE_REASONS, type ModeReason, type PublishedRoom, type RuleHit, type SpamCounter } from '@tribune/contracts';
import type { FloodResult, FloodRule } from '../flood/flood-query';
import { findDomains } from '../match/domains';
import type { MessageInput } from '../types';

/**
 * Room modes (docs/rules.md, "Room modes"): what operators switch on a room during a match. They are judged besides
 * the spam rules, never instead of them. Every check but slow mode looks at the message alone; slow mode remembers
 * the user's last message, so it is a flood rule the flood store answers (Redis, room-wide across nodes), in the
 * same round trip as the spam rules that remember.
 */

/** Ids of mode hits: `mode:<reason>`; compile() keeps rules from using the prefix. */
export const MODE_RULE_PREFIX = 'mode:';
export const SLOW_MODE_RULE_ID = `${MODE_RULE_PREFIX}${MODE_REASONS.SLOW_MODE}`;
/** The role subscriber-only mode lets through (besides the exempt roles). */
export const SUBSCRIBER_ROLE = 'subscriber';

/** A room of the rule set, ready to judge: its status, its modes, and its slow mode as a flood rule. */
export interface CompiledRoom {
  readonly id: string;
  readonly status: PublishedRoom['status'];
  readonly modes: PublishedRoom['modes'];
  /** Whether the status or a per-message mode can refuse a message (otherwise the checks are skipped). */
  readonly restricts: boolean;
  /** The slow mode as the flood store sees it, or null when it is off. */
  readonly slowMode: Extract<FloodRule, { kind: 'slow_mode' }> | null;
}

export function compileRoom(room: PublishedRoom): CompiledRoom {
  const m = room.modes;
  const restricts =
    room.status !== 'open' || m.subscribersOnly || m.emojiOnly || m.linksOff || m.maxMessageLength !== null || m.firstTimeWaitSeconds !== null;
  const slowMode =
    m.slowModeSeconds === null
      ? null
      : { id: SLOW_MODE_RULE_ID, kind: 'slow_mode' as const, seconds: m.slowModeSeconds, roomId: room.id, action: 'reject' as const, enabled: true };
  return { id: room.id, status: room.status, modes: m, restricts, slowMode };
}

/** A mode refused the message: the hit to record and, for a wait, how long until the user may send. */
export interface ModeRefusal {
  hit: RuleHit;
  retryAfterSeconds?: number;
}

function refusal(reason: ModeReason, extra: { counter?: SpamCounter; span?: [number, number] } = {}, retryAfterSeconds?: number): ModeRefusal {
  const hit: RuleHit = { ruleId: `${MODE_RULE_PREFIX}${reason}`, kind: 'spam', term: reason, action: 'reject', ...extra };
  return retryAfterSeconds === undefined ? { hit } : { hit, retryAfterSeconds };
}

/** Whole seconds left, at least one (a client shows "wait 3 s", never "wait 0 s"). */
const secondsLeft = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * The first per-message mode that refuses `message`, or null. `exempt`: the sender has one of the rule set's exempt
 * roles (moderator, broadcaster…), which skip every mode that platforms lift for staff: subscriber-only, the
 * first-time wait, emoji-only, links-off (and slow mode, in prepare()). A closed room and the length limit hold for
 * everyone. The order is the order a viewer can act on: closed, who may speak, when, then what the text is.
 */
export function checkModes(room: CompiledRoom, message: MessageInput, exempt: boolean): ModeRefusal | null {
  const m = room.modes;
  if (room.status !== 'open') return refusal(MODE_REASONS.ROOM_CLOSED);
  if (!exempt && m.subscribersOnly && !message.roles.includes(SUBSCRIBER_ROLE)) return refusal(MODE_REASONS.SUBSCRIBERS_ONLY);
  if (!exempt && m.firstTimeWaitSeconds !== null && message.joinedAt !== undefined) {
    const inRoomMs = Math.max(0, message.ts - message.joinedAt);
    const waitMs = m.firstTimeWaitSeconds * 1000;
    if (inRoomMs < waitMs) {
      const counter: SpamCounter = { name: 'seconds_in_room', value: Math.floor(inRoomMs / 10) / 100, limit: m.firstTimeWaitSeconds, scope: 'user' };
      return refusal(MODE_REASONS.FIRST_TIME_WAIT, { counter }, secondsLeft(waitMs - inRoomMs));
    }
  }
  if (m.maxMessageLength !== null) {
    let chars = 0;
    for (const _ of message.text) chars++;
    if (chars > m.maxMessageLength) return refusal(MODE_REASONS.TOO_LONG, { counter: { name: 'chars', value: chars, limit: m.maxMessageLength, scope: 'message' } });
  }
  if (!exempt && m.emojiOnly && !isEmojiOnly(message.text)) return refusal(MODE_REASONS.EMOJI_ONLY);
  if (!exempt && m.linksOff) {
    const link = findDomains(message.text)[0];
    if (link) return refusal(MODE_REASONS.LINKS_OFF, { span: link.span });
  }
  return null;
}

/** The hit of a slow mode the flood store found tripped, with the seconds until the user may send again. */
export function slowModeRefusal(rule: Extract<FloodRule, { kind: 'slow_mode' }>, result: FloodResult): ModeRefusal {
  const since = result.counter.value;
  return refusal(MODE_REASONS.SLOW_MODE, { counter: result.counter }, secondsLeft((rule.seconds - since) * 1000));
}

// Emoji and what builds them: skin tones, ZWJ sequences, variation selector 16, flags (regional indicators, tag
// sequences) and keycaps (a digit, # or * followed by U+20E3). Spaces between them are fine.
const EMOJI_PART = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u200d\ufe0f\u{e0020}-\u{e007f}]|[#*0-9]\ufe0f?\u20e3|\s/gu;
const EMOJI_BASE = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;

/** True when the text is made of emoji (at least one) and spaces only: Tribune's emote-only. */
export function isEmojiOnly(text: string): boolean {
  return EMOJI_BASE.test(text) && text.replace(EMOJI_PART, '').length === 0;
}
