import { answerFromMemory, createSpamState, type FloodQuery, type FloodResult, type SpamState } from '@tribune/moderation';
import type { FloodStore } from './flood-store';

/** This node's memory (bounded LRUs): the fallback while Redis is unreachable, and the unit tests' store. */
export class MemoryFloodStore implements FloodStore {
  constructor(private readonly state: SpamState = createSpamState({ maxUsers: 100_000 })) {}

  answer(query: FloodQuery): Promise<FloodResult[]> {
    return Promise.resolve(answerFromMemory(query, this.state, 'local'));
  }

  /** Synchronous form, for callers that already know they answer locally. */
  answerNow(query: FloodQuery): FloodResult[] {
    return answerFromMemory(query, this.state, 'local');
  }
}
