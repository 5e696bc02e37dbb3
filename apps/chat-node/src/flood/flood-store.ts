import type { FloodQuery, FloodResult } from '@tribune/moderation';

/**
 * Where the flood rules' memory lives (token buckets, slow-mode times, recent texts, raid copies). Answers
 * one message's flood query with one result per rule, in the query's order, and records the message.
 */
export interface FloodStore {
  answer(query: FloodQuery): Promise<FloodResult[]>;
}
