import type { ChatMessage } from '@tribune/contracts';
import { HISTORY_LENGTH, type EnvelopeHandler, type Fanout } from './fanout';

/** An in-process Fanout for unit tests (one node); production uses RedisFanout. */
export class MemoryFanout implements Fanout {
  readonly subscribed = new Set<string>();
  readonly published: ChatMessage[] = [];
  failing = false;
  /** How often the shared history was read (a node with a ring for the room should not read it). */
  historyReads = 0;
  private handler: EnvelopeHandler = () => undefined;

  onEnvelope(handler: EnvelopeHandler): void {
    this.handler = handler;
  }

  async publishMessage(message: ChatMessage): Promise<void> {
    if (this.failing) throw new Error('memory fanout set to fail');
    this.published.push(message);
    if (this.subscribed.has(message.room)) this.handler({ v: 1, kind: 'message', origin: 'memory', message });
  }

  async recentHistory(room: string, limit: number): Promise<ChatMessage[]> {
    this.historyReads += 1;
    return this.published
      .filter((m) => m.room === room)
      .slice(-Math.min(limit, HISTORY_LENGTH))
      .reverse();
  }

  async deleteMessage(room: string, id: string): Promise<ChatMessage | null> {
    if (this.failing) throw new Error('memory fanout set to fail');
    const at = this.published.findIndex((m) => m.room === room && m.id === id);
    const found = at >= 0 ? this.published.splice(at, 1)[0]! : null;
    if (this.subscribed.has(room)) this.handler({ v: 1, kind: 'deleted', origin: 'memory', room, id });
    return found;
  }

  async subscribeRoom(room: string): Promise<void> {
    this.subscribed.add(room);
  }

  /** In one process the channel never drops; the history is what a reconnect would read back. */
  async catchUpAfterReconnect(room: string): Promise<ChatMessage[]> {
    return this.recentHistory(room, HISTORY_LENGTH);
  }

  async unsubscribeRoom(room: string): Promise<void> {
    this.subscribed.delete(room);
  }
}
