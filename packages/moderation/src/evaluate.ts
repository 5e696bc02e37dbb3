import type { RuleHit } from '@tribune/contracts';
import type { CompiledRules } from './compile';
import type { SpamState } from './spam-state';
import type { Decision, MessageInput } from './types';

export interface EvaluateContext {
  state: SpamState;
}

/** Placeholder engine: case-insensitive whole-word match, every hit blocks. */
export function evaluate(message: MessageInput, _context: EvaluateContext, compiled: CompiledRules): Decision {
  const lower = message.text.toLowerCase();
  const hits: RuleHit[] = [];
  for (const rule of compiled.rules.words) {
    if (rule.roomId !== null && rule.roomId !== message.room) continue;
    if (rule.expiresAt !== null && rule.expiresAt <= message.ts) continue;
    const term = rule.term.toLowerCase();
    const at = lower.indexOf(term);
    if (at >= 0) {
      hits.push({ ruleId: rule.id, kind: 'word', term: rule.term, action: 'block', span: [at, at + term.length], normalized: term });
    }
  }
  return hits.length > 0 ? { action: 'block', text: message.text, hits } : { action: 'allow', text: message.text, hits };
}
