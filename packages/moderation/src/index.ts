export { compile, type CompiledRules } from './compile';
export { evaluate, type EvaluateContext } from './evaluate';
export { createSpamState, type SpamState, type SpamStateOptions } from './spam-state';
export { RulesError, type RulesIssue } from './errors';
export type { Decision, DecisionAction, MessageInput } from './types';
