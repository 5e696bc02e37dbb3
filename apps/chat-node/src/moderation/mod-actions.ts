import { v7 as uuidv7 } from 'uuid';
import type { ChatMessage, ChatUser, ClientFrame, ModerationEvent } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import { UnavailableError } from '../errors';
import type { EventSink } from '../events/event-sink';
import { HISTORY_LENGTH, type Fanout } from '../fanout/fanout';
import type { Sanctions } from '../sanctions/sanctions';

export type ModFrame = Extract<ClientFrame, { type: 'mod' }>;

/** The role a viewer token must carry for `mod` frames. */
export const MODERATOR_ROLE = 'moderator';

export interface ModActionsDeps {
  nodeId: string;
  sink: EventSink;
  fanout: Fanout;
  sanctions: Sanctions;
  /** The rules version in force (carried by every moderation event). */
  rulesVersion: () => number;
  logger: Logger;
}

/** How a `mod` frame ended: applied, or not, because Kafka or Redis did not take it (the moderator may retry). */
export type ModOutcome = { applied: true } | { applied: false; why: string };

/**
 * Moderator tools in the chat itself (`mod` frames): delete a message, time out a user. The caller checked the role;
 * this records the action in `chat.moderation` (source `operator`, the moderator named in `reason`) and, only once
 * Kafka has it, applies it through the same Redis effects as the console: the history list and a `deleted`
 * envelope every node acts on, or the timeout key every node reads on each send.
 */
export class ModActions {
  private readonly log: Logger;

  constructor(private readonly deps: ModActionsDeps) {
    this.log = deps.logger.child({ module: 'mod_actions' });
  }

  /** `known` finds the message on this node (its ring) when the shared history no longer holds it. */
  async apply(moderator: ChatUser, frame: ModFrame, known: (room: string, id: string) => ChatMessage | undefined): Promise<ModOutcome> {
    const by = `viewer:${moderator.id}`;
    let event: ModerationEvent;
    if (frame.action === 'delete') {
      const message = (await this.lookUp(frame.room, frame.id)) ?? known(frame.room, frame.id);
      event = this.event(frame.room, message?.user.id ?? '', frame.id, 'delete', `mod frame by ${by}`);
    } else {
      const reason = `mod frame by ${by}: timeout ${frame.seconds}s${frame.reason ? `: ${frame.reason}` : ''}`;
      event = this.event(frame.room, frame.userId, null, 'timeout', reason);
    }
    try {
      await this.deps.sink.recordModeration([event]);
    } catch (err) {
      if (!(err instanceof UnavailableError)) throw err;
      return { applied: false, why: 'the action could not be recorded (Kafka unavailable): nothing was changed' };
    }
    try {
      if (frame.action === 'delete') await this.deps.fanout.deleteMessage(frame.room, frame.id);
      else await this.deps.sanctions.timeOut(frame.room, frame.userId, frame.seconds, { by, reason: frame.reason ?? null });
    } catch (err) {
      this.log.error({ err, room: frame.room, action: frame.action, by }, 'mod_action_not_applied');
      return { applied: false, why: 'the action was recorded but Redis did not take it: try again' };
    }
    this.log.info({ room: frame.room, action: frame.action, by, target: frame.action === 'delete' ? frame.id : frame.userId }, 'mod_action_applied');
    return { applied: true };
  }

  private async lookUp(room: string, id: string): Promise<ChatMessage | undefined> {
    try {
      return (await this.deps.fanout.recentHistory(room, HISTORY_LENGTH)).find((m) => m.id === id);
    } catch {
      // Who wrote it is for the analytics only; the deletion itself does not depend on it.
      return undefined;
    }
  }

  private event(room: string, userId: string, messageId: string | null, action: string, reason: string): ModerationEvent {
    return { v: 1, id: uuidv7(), ts: Date.now(), room, messageId, userId, source: 'operator', action, node: this.deps.nodeId, rulesVersion: this.deps.rulesVersion(), reason };
  }
}
