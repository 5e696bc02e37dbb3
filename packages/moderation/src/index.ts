export { compile, type CompiledRules } from './compile';
export { evaluate, type EvaluateContext } from './evaluate';
export { createSpamState, type SpamState, type SpamStateOptions } from './spam/spam-state';
export { RulesError, type RulesIssue } from './errors';
export { normalize, symbolsToString, type Normalized } from './normalize/normalize';
export { parseWordList } from './word-list';
export type { Decision, DecisionAction, MessageInput } from './types';
