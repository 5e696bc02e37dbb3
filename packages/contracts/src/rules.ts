import { z } from 'zod';
import { MAX_TEXT_LENGTH } from './protocol';

/**
 * The rules format: what the console stores and exports, what chat-nodes enforce, what
 * `tribune-moderate --rules` reads. docs/rules.md is its reference. Additive changes only.
 */

export const wordMatchKind = z.enum(['word', 'contains', 'regex']);
export const wordAction = z.enum(['block', 'mask', 'hold', 'shadow']);

export const wordRule = z.object({
  id: z.string().min(1),
  /** The banned term as the operator wrote it (or an RE2-compatible pattern when `match` is `regex`). */
  term: z.string().min(1).max(200),
  match: wordMatchKind.default('word'),
  action: wordAction.default('block'),
  /** null = global; otherwise the room id it applies to. */
  roomId: z.string().min(1).nullable().default(null),
  /** ms since epoch after which the rule no longer applies; null = never expires. */
  expiresAt: z.number().int().nullable().default(null),
});
export type WordRule = z.infer<typeof wordRule>;

/** A permitted phrase: a hit on a banned term inside an occurrence of it is ignored. */
export const allowedPhrase = z.object({
  id: z.string().min(1),
  phrase: z.string().min(1).max(200),
  roomId: z.string().min(1).nullable().default(null),
});
export type AllowedPhrase = z.infer<typeof allowedPhrase>;

export const spamAction = z.enum(['reject', 'mask', 'hold', 'timeout']);

const spamBase = {
  id: z.string().min(1),
  roomId: z.string().min(1).nullable().default(null),
  action: spamAction.default('reject'),
  /** For `timeout`: how long the user is muted, in seconds. */
  timeoutSeconds: z.number().int().positive().max(7 * 24 * 3600).optional(),
  enabled: z.boolean().default(true),
};

export const spamRule = z.discriminatedUnion('kind', [
  z.object({ ...spamBase, kind: z.literal('rate'), burst: z.number().int().positive(), perSeconds: z.number().positive() }),
  z.object({ ...spamBase, kind: z.literal('slow_mode'), seconds: z.number().positive() }),
  z.object({
    ...spamBase,
    kind: z.literal('duplicate'),
    windowSeconds: z.number().positive(),
    similarity: z.number().min(0).max(1).default(0.9),
    /** Normalised texts shorter than this are not compared ("gg", "ㅋㅋ" twice is chat; the rate rule bounds it). */
    minLength: z.number().int().nonnegative().default(0),
  }),
  z.object({ ...spamBase, kind: z.literal('raid'), windowSeconds: z.number().positive(), minUsers: z.number().int().min(2) }),
  z.object({ ...spamBase, kind: z.literal('repetition'), maxRun: z.number().int().min(2) }),
  z.object({ ...spamBase, kind: z.literal('caps'), maxRatio: z.number().min(0).max(1), minLength: z.number().int().nonnegative().default(8) }),
  z.object({ ...spamBase, kind: z.literal('max_length'), maxChars: z.number().int().positive() }),
  z.object({ ...spamBase, kind: z.literal('links'), mode: z.enum(['deny_all', 'allow_list', 'deny_list']), domains: z.array(z.string().min(1)).default([]) }),
  z.object({ ...spamBase, kind: z.literal('mentions'), maxMentions: z.number().int().positive() }),
  z.object({ ...spamBase, kind: z.literal('roles'), requireAnyRole: z.array(z.string().min(1)).default([]), exemptRoles: z.array(z.string().min(1)).default([]) }),
]);
export type SpamRule = z.infer<typeof spamRule>;

/** A room as nodes know it: joins are accepted only for rooms in the published list. */
export const roomStatus = z.enum(['open', 'closed', 'archived']);

/** The longest slow mode and first-time-chatter wait an operator may set, in seconds. */
export const MAX_SLOW_MODE_SECONDS = 300;
export const MAX_FIRST_TIME_WAIT_SECONDS = 3600;

/**
 * The modes operators switch during a match (docs/rules.md, "Room modes"). Nodes enforce them besides the spam
 * rules; every field has a default (off), so a snapshot written before modes existed parses unchanged.
 */
export const roomModeFields = {
  /** N seconds between one user's messages in the room (room-wide across nodes); null = off. */
  slowModeSeconds: z.number().int().min(1).max(MAX_SLOW_MODE_SECONDS).nullable(),
  /** Only users with the `subscriber` role (or an exempt role) may send. */
  subscribersOnly: z.boolean(),
  /**
   * Emote-only, as far as Tribune can define it: it has no emote catalogue of its own, so a message must be made of
   * emoji (and spaces) only.
   */
  emojiOnly: z.boolean(),
  /** No links (any domain, written plainly or obfuscated). */
  linksOff: z.boolean(),
  /** At most this many characters (code points) per message; null = the protocol's limit only. */
  maxMessageLength: z.number().int().min(1).max(MAX_TEXT_LENGTH).nullable(),
  /** A user must have been in the room this many seconds before their messages are taken; null = off. */
  firstTimeWaitSeconds: z.number().int().min(1).max(MAX_FIRST_TIME_WAIT_SECONDS).nullable(),
};
/** Some modes, none defaulted (a change names what it changes: an absent field stays as it is). */
export const roomModesChange = z.object(roomModeFields).partial();
export const roomModes = z.object({
  slowModeSeconds: roomModeFields.slowModeSeconds.default(null),
  subscribersOnly: roomModeFields.subscribersOnly.default(false),
  emojiOnly: roomModeFields.emojiOnly.default(false),
  linksOff: roomModeFields.linksOff.default(false),
  maxMessageLength: roomModeFields.maxMessageLength.default(null),
  firstTimeWaitSeconds: roomModeFields.firstTimeWaitSeconds.default(null),
});
export type RoomModes = z.infer<typeof roomModes>;
export type RoomModesInput = z.input<typeof roomModes>;
/** Every mode off. */
export const NO_ROOM_MODES: RoomModes = roomModes.parse({});

export const publishedRoom = z.object({
  id: z.string().min(1),
  status: roomStatus.default('open'),
  // prefault, not default: an absent `modes` is parsed, so each field gets its own default.
  modes: roomModes.prefault({}),
});
export type PublishedRoom = z.infer<typeof publishedRoom>;

export const ruleSet = z.object({
  words: z.array(wordRule).default([]),
  allowed: z.array(allowedPhrase).default([]),
  spam: z.array(spamRule).default([]),
  /**
   * The rooms that exist (the console publishes all of its rooms). A node refuses joins to any other room, and to an
   * archived one, so a viewer cannot make Redis hold state for invented rooms. Absent (a rule set written by hand for
   * a node without a console): any well-formed room id is accepted.
   */
  rooms: z.array(publishedRoom).optional(),
  /** Roles whose messages skip spam rules (word rules still apply). */
  exemptRoles: z.array(z.string()).default(['moderator', 'broadcaster']),
});
export type RuleSet = z.infer<typeof ruleSet>;
export type RuleSetInput = z.input<typeof ruleSet>;

/** A versioned rule set as published to nodes. */
export const rulesSnapshot = z.object({
  v: z.literal(1),
  version: z.number().int().nonnegative(),
  publishedAt: z.number().int(),
  rules: ruleSet,
});
export type RulesSnapshot = z.infer<typeof rulesSnapshot>;
