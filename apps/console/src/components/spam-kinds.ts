/**
 * How the Spam rules page shows and edits each kind's parameters (docs/rules.md, "Spam and flood rules"). The
 * server validates with the contracts `spamRule` schema; these are only labels, input types and starting values.
 */
export type SpamKind = 'rate' | 'slow_mode' | 'duplicate' | 'raid' | 'repetition' | 'caps' | 'max_length' | 'links' | 'mentions' | 'roles';

export type ParamField =
  | { name: string; label: string; type: 'number'; step: number; min?: number; max?: number }
  | { name: string; label: string; type: 'list'; placeholder: string }
  | { name: string; label: string; type: 'choice'; options: readonly string[] };

export interface KindInfo {
  label: string;
  /** what makes it hit, in a line */
  hits: string;
  /** remembers earlier messages (replayed in time order by a backtest) */
  flood: boolean;
  fields: readonly ParamField[];
  /** the parameters a new rule of this kind starts with */
  start: Record<string, number | string | string[]>;
}

export const SPAM_KINDS: Record<SpamKind, KindInfo> = {
  rate: {
    label: 'Rate',
    hits: "the user's bucket of `burst` messages, refilled over `perSeconds`, is empty",
    flood: true,
    fields: [
      { name: 'burst', label: 'Burst (messages)', type: 'number', step: 1, min: 1 },
      { name: 'perSeconds', label: 'Per seconds', type: 'number', step: 0.5, min: 0.5 },
    ],
    start: { burst: 20, perSeconds: 30 },
  },
  slow_mode: {
    label: 'Slow mode',
    hits: "less than `seconds` since the user's last message",
    flood: true,
    fields: [{ name: 'seconds', label: 'Seconds', type: 'number', step: 1, min: 1 }],
    start: { seconds: 5 },
  },
  duplicate: {
    label: 'Duplicate',
    hits: 'the same text or a near copy from the same user within the window',
    flood: true,
    fields: [
      { name: 'windowSeconds', label: 'Window (s)', type: 'number', step: 1, min: 1 },
      { name: 'similarity', label: 'Similarity (0–1)', type: 'number', step: 0.05, min: 0, max: 1 },
      { name: 'minLength', label: 'Min length', type: 'number', step: 1, min: 0 },
    ],
    start: { windowSeconds: 30, similarity: 0.9, minLength: 8 },
  },
  raid: {
    label: 'Raid',
    hits: '`minUsers` different users sent the same long text in the room within the window',
    flood: true,
    fields: [
      { name: 'windowSeconds', label: 'Window (s)', type: 'number', step: 1, min: 1 },
      { name: 'minUsers', label: 'Min users', type: 'number', step: 1, min: 2 },
    ],
    start: { windowSeconds: 60, minUsers: 8 },
  },
  repetition: {
    label: 'Repetition',
    hits: 'one unit (a letter, an emoji, "lol") repeats more than `maxRun` times in a row',
    flood: false,
    fields: [{ name: 'maxRun', label: 'Max run', type: 'number', step: 1, min: 2 }],
    start: { maxRun: 20 },
  },
  caps: {
    label: 'Caps',
    hits: 'at least `minLength` cased letters and the upper-case share exceeds `maxRatio`',
    flood: false,
    fields: [
      { name: 'maxRatio', label: 'Max ratio (0–1)', type: 'number', step: 0.05, min: 0, max: 1 },
      { name: 'minLength', label: 'Min letters', type: 'number', step: 1, min: 0 },
    ],
    start: { maxRatio: 0.7, minLength: 8 },
  },
  max_length: {
    label: 'Max length',
    hits: 'more than `maxChars` characters',
    flood: false,
    fields: [{ name: 'maxChars', label: 'Max chars', type: 'number', step: 1, min: 1 }],
    start: { maxChars: 300 },
  },
  links: {
    label: 'Links',
    hits: 'a link (deny_all), one not on the list (allow_list), or one on it (deny_list)',
    flood: false,
    fields: [
      { name: 'mode', label: 'Mode', type: 'choice', options: ['deny_all', 'allow_list', 'deny_list'] },
      { name: 'domains', label: 'Domains (comma separated)', type: 'list', placeholder: 'tribune.tv, example.com' },
    ],
    start: { mode: 'deny_all', domains: [] },
  },
  mentions: {
    label: 'Mentions',
    hits: 'more than `maxMentions` distinct @names in one message',
    flood: false,
    fields: [{ name: 'maxMentions', label: 'Max mentions', type: 'number', step: 1, min: 1 }],
    start: { maxMentions: 5 },
  },
  roles: {
    label: 'Roles',
    hits: 'the user has none of `requireAnyRole` (e.g. subscriber-only)',
    flood: false,
    fields: [
      { name: 'requireAnyRole', label: 'Require any role', type: 'list', placeholder: 'subscriber' },
      { name: 'exemptRoles', label: 'Also let through', type: 'list', placeholder: 'vip' },
    ],
    start: { requireAnyRole: ['subscriber'], exemptRoles: [] },
  },
};

export const SPAM_KIND_NAMES = Object.keys(SPAM_KINDS) as SpamKind[];

/** A parameter value as the table shows it. */
export function showParam(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.join(', ');
  return String(value);
}
