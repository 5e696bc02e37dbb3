/** How many viewers a room has across every live node. */
export interface Presence {
  /** Records this node's current local viewer count for a room (0 removes it). */
  setLocalViewers(room: string, count: number): Promise<void>;
  /** Sum over live nodes; fields of nodes whose heartbeat expired are ignored and pruned. */
  totalViewers(room: string): Promise<number>;
  /** Removes this node from every room it reported (shutdown). */
  clearLocal(rooms: Iterable<string>): Promise<void>;
}
