import type { NodeHeartbeat } from '@tribune/contracts';

export interface NodeView extends NodeHeartbeat {
  up: boolean;
  /** The node enforces an older rules version than the console's current one. */
  behind: boolean;
}

/**
 * Remembers every node this console process has seen, so a node whose heartbeat key expired (it died or lost Redis)
 * is shown as down instead of vanishing; forgotten `forgetMs` (10 min) after its last beat.
 */
export class NodeTracker {
  private readonly seen = new Map<string, NodeHeartbeat>();

  constructor(private readonly forgetMs = 10 * 60_000) {}

  update(live: NodeHeartbeat[], currentVersion: number, now = Date.now()): NodeView[] {
    const up = new Set(live.map((n) => n.nodeId));
    for (const n of live) this.seen.set(n.nodeId, n);
    const out: NodeView[] = [];
    for (const [id, n] of this.seen) {
      if (!up.has(id) && now - n.ts > this.forgetMs) {
        this.seen.delete(id);
        continue;
      }
      out.push({ ...n, up: up.has(id), behind: up.has(id) && n.rulesVersion < currentVersion });
    }
    return out.sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  }
}
