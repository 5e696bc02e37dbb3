export { compile, type CompiledRules } from './compile';
export { evaluate, prepare, decide, type EvaluateContext, type PreparedMessage } from './evaluate';
export {
  isFloodRule,
  RAID_MIN_KEY_LENGTH,
  RAID_USERS_CAP,
  RECENT_CAP,
  type FloodQuery,
  type FloodResult,
  type FloodRule,
  type FloodStoreKind,
} from './flood/flood-query';
export { duplicateResult, raidResult, rateResult, slowModeResult, type RecentText } from './flood/flood-verdicts';
export { answerFromMemory } from './flood/memory-flood';
export { defaultSpamPolicy, DEFAULT_EXEMPT_ROLES } from './spam/default-policy';
export { Lru } from './spam/lru';
export { createSpamState, type SpamState, type SpamStateOptions } from './spam/spam-state';
export { RulesError, type RulesIssue } from './errors';
export { normalize, symbolsToString, type Normalized } from './normalize/normalize';
export { parseWordList } from './word-list';
export type { Decision, DecisionAction, MessageInput } from './types';
export { checkModes, compileRoom, isEmojiOnly, MODE_RULE_PREFIX, SLOW_MODE_RULE_ID, SUBSCRIBER_ROLE, type CompiledRoom, type ModeRefusal } from './modes/room-modes';
