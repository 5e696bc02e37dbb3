import { spamRule, type SpamRule } from '@tribune/contracts';

/**
 * The spam policy a fresh install enforces with no setup (docs/rules.md, "Default policy"). Tuned so that a
 * normal chatter never meets it: only floods, copy-paste and walls do. Every rule is an ordinary spam rule
 * with an id, so a room rule of the same kind replaces it and every hit names it.
 */
const POLICY = [
  // 20 messages per 30 s, as the big platforms allow: one every 1.5 s sustained, 20 at once.
  { id: 'default-rate', kind: 'rate', burst: 20, perSeconds: 30, action: 'reject' },
  // The same text — or a near copy, after normalisation (case, spacing, leetspeak, a changed digit) — within 30 s.
  // Short reactions ("gg", "ㅋㅋ", "goal") may repeat: the rate rule bounds them.
  { id: 'default-duplicate', kind: 'duplicate', windowSeconds: 30, similarity: 0.9, minLength: 8, action: 'reject' },
  // A wall: one unit (a letter, an emoji, "lol") more than 20 times in a row is masked, the rest delivered.
  { id: 'default-repetition', kind: 'repetition', maxRun: 20, action: 'mask' },
  // The same long text (12+ normalised characters) from 8 different users of a room within 60 s: the 8th on is refused.
  { id: 'default-raid', kind: 'raid', windowSeconds: 60, minUsers: 8, action: 'reject' },
] as const;

/** Roles that skip spam rules by default (word rules still apply). */
export const DEFAULT_EXEMPT_ROLES: readonly string[] = ['moderator', 'broadcaster'];

/** A fresh copy of the default spam rules, with the format's defaults filled. */
export function defaultSpamPolicy(): SpamRule[] {
  return POLICY.map((r) => spamRule.parse(r));
}
