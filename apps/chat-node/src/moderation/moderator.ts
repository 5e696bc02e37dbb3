import { compile, decide, prepare, type CompiledRules, type Decision } from '@tribune/moderation';
import type { ChatUser, RuleSet } from '@tribune/contracts';
import type { FloodStore } from '../flood/flood-store';
import type { ChatMetrics } from '../metrics';
import type { LiveRules } from '../rules/live-rules';

export type { CompiledRules };

export const compileRules = (rules: RuleSet): CompiledRules => compile(rules);

export interface Judgement {
  decision: Decision;
  rulesVersion: number;
}

export interface JudgeInput {
  text: string;
  user: ChatUser;
  room: string;
  ts: number;
  /** When the sender's connection joined the room (room modes: the first-time-chatter wait). */
  joinedAt?: number;
}

/** Judges one message; the send pipeline depends on this, not on the engine. */
export interface Judge {
  judge(input: JudgeInput): Promise<Judgement>;
  /** The rules version in force, for messages refused without being judged (a timed-out sender). */
  rulesVersion(): number;
}

/**
 * Judges one message against the rules in force when it arrived: words and per-message spam rules here,
 * the flood rules (rate, slow mode, duplicate, raid) from the flood store — Redis, room-wide across nodes.
 */
export class Moderator implements Judge {
  constructor(
    private readonly live: LiveRules<CompiledRules>,
    private readonly flood: FloodStore,
    private readonly metrics: Pick<ChatMetrics, 'moderationSeconds'>,
  ) {}

  rulesVersion(): number {
    return this.live.version;
  }

  async judge(input: JudgeInput): Promise<Judgement> {
    // Read once: a rules swap while the flood store answers cannot mix two versions in one decision.
    const active = this.live.current();
    if (!active) throw new Error('rules not loaded');
    const started = performance.now();
    const prepared = prepare(
      { text: input.text, userId: input.user.id, roles: input.user.roles, room: input.room, ts: input.ts, ...(input.joinedAt === undefined ? {} : { joinedAt: input.joinedAt }) },
      active.compiled,
    );
    this.metrics.moderationSeconds.observe((performance.now() - started) / 1000);
    const flood = prepared.flood ? await this.flood.answer(prepared.flood) : null;
    return { decision: decide(prepared, flood), rulesVersion: active.version };
  }
}
