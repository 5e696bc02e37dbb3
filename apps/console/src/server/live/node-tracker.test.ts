import { describe, expect, it } from 'vitest';
import { NodeTracker } from './node-tracker';

const beat = (nodeId: string, ts: number, rulesVersion = 3) => ({ v: 1 as const, nodeId, url: 'ws://x', rulesVersion, connections: 0, startedAt: 0, ts });

describe('NodeTracker', () => {
  it('shows a node whose heartbeat vanished as down, flags an old rules version, forgets after a while', () => {
    const t = new NodeTracker(60_000);
    expect(t.update([beat('a', 1000), beat('b', 1000, 2)], 3, 1000).map((n) => [n.nodeId, n.up, n.behind])).toEqual([
      ['a', true, false],
      ['b', true, true],
    ]);
    expect(t.update([beat('a', 5000)], 3, 5000).map((n) => [n.nodeId, n.up, n.behind])).toEqual([
      ['a', true, false],
      ['b', false, false],
    ]);
    expect(t.update([beat('a', 70_000)], 3, 70_000).map((n) => n.nodeId)).toEqual(['a']);
  });
});
