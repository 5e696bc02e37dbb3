import { compile, createSpamState, evaluate, type CompiledRules, type Decision } from '@tribune/moderation';
import type { ChatUser, RuleSet } from '@tribune/contracts';
import type { ChatMetrics } from '../metrics';
import type { LiveRules } from '../rules/live-rules';

export type { CompiledRules };

export const compileRules = (rules: RuleSet): CompiledRules => compile(rules);

export interface Judgement {
  decision: Decision;
  rulesVersion: number;
}

/** Judges one message; the send pipeline depends on this, not on the engine. */
export interface Judge {
  judge(input: { text: string; user: ChatUser; room: string; ts: number }): Judgement;
  /** The rules version in force, for messages refused without being judged (a timed-out sender). */
  rulesVersion(): number;
}

/**
 * Judges one message against the rules in force when it arrived. The spam state is per node
 * and bounded by the engine (least recently seen users are forgotten first).
 */
export class Moderator implements Judge {
  private readonly spamState = createSpamState({ maxUsers: 100_000 });

  constructor(
    private readonly live: LiveRules<CompiledRules>,
    private readonly metrics: Pick<ChatMetrics, 'moderationSeconds'>,
  ) {}

  rulesVersion(): number {
    return this.live.version;
  }

  judge(input: { text: string; user: ChatUser; room: string; ts: number }): Judgement {
    // Read once: a rules swap during this call cannot mix two versions in one decision.
    const active = this.live.current();
    if (!active) throw new Error('rules not loaded');
    const started = performance.now();
    const decision = evaluate(
      { text: input.text, userId: input.user.id, roles: input.user.roles, room: input.room, ts: input.ts },
      { state: this.spamState },
      active.compiled,
    );
    this.metrics.moderationSeconds.observe((performance.now() - started) / 1000);
    return { decision, rulesVersion: active.version };
  }
}
