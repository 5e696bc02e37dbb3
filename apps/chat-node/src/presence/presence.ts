/** How many viewers a room has across every live node. */
export interface Presence {
  /** Records this node's current local viewer count for a room (0 removes it). */
  setLocalViewers(room: string, count: number): Promise<void>;
  /** Sum over live nodes; fields of nodes whose heartbeat expired are ignored and pruned. */
  totalViewers(room: string): Promise<number>;
  /**
   * Writes this node's count for every room it holds, in one round trip. Called every heartbeat: Redis keeps
   * nothing on disk here, and after it lost its data the counts would stay wrong until the next join or leave.
   */
  reassert(counts: ReadonlyMap<string, number>): Promise<void>;
  /** Removes this node from every room it reported (shutdown). */
  clearLocal(rooms: Iterable<string>): Promise<void>;
}
