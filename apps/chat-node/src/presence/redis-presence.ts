import { execAll, type RedisClient } from '../redis/redis-connections';
import type { RedisNames } from '@tribune/contracts';
import type { Presence } from './presence';

/**
 * Viewers per room in a Redis hash, one field per node. A node writes its absolute local count
 * (HSET) rather than HINCRBY deltas: a lost or repeated command then cannot leave the count
 * drifting, and the next join or leave repairs it. A node that crashed leaves a field behind;
 * readers skip fields of nodes without a live heartbeat and prune them.
 */
export class RedisPresence implements Presence {
  constructor(
    private readonly commands: RedisClient,
    private readonly names: RedisNames,
    private readonly nodeId: string,
  ) {}

  async setLocalViewers(room: string, count: number): Promise<void> {
    const key = this.names.roomViewers(room);
    if (count > 0) await this.commands.hset(key, this.nodeId, count);
    else await this.commands.hdel(key, this.nodeId);
  }

  async totalViewers(room: string): Promise<number> {
    const key = this.names.roomViewers(room);
    const fields = await this.commands.hgetall(key);
    const nodes = Object.keys(fields);
    if (nodes.length === 0) return 0;
    // One round trip (per master on a cluster, where the heartbeat keys spread over slots).
    const alive = await execAll(this.commands, nodes.map((node) => ['exists', this.names.node(node)]));
    let total = 0;
    const dead: string[] = [];
    nodes.forEach((node, i) => {
      const live = node === this.nodeId || alive[i]?.[1] === 1;
      if (live) total += Math.max(0, Number(fields[node]) || 0);
      else dead.push(node);
    });
    if (dead.length > 0) await this.commands.hdel(key, ...dead);
    return total;
  }

  async reassert(counts: ReadonlyMap<string, number>): Promise<void> {
    if (counts.size === 0) return;
    const commands: (string | number)[][] = [];
    for (const [room, count] of counts) {
      commands.push(count > 0 ? ['hset', this.names.roomViewers(room), this.nodeId, count] : ['hdel', this.names.roomViewers(room), this.nodeId]);
    }
    await execAll(this.commands, commands);
  }

  async clearLocal(rooms: Iterable<string>): Promise<void> {
    await execAll(this.commands, [...rooms].map((room) => ['hdel', this.names.roomViewers(room), this.nodeId]));
  }
}
