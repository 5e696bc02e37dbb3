import type { LaneApp, Lane } from '../stack/lane';
import { viewerToken } from '../stack/lane';
import { ChatClient } from './chat-client';
import type { Sender } from './send-load';

/** `count` signed-in senders spread over `nodes`, each joined to a room of its own (so it receives only its own messages). */
export async function connectSenders(lane: Lane, nodes: LaneApp[], count: number, { ackTimeoutMs = 60_000, roomOf = (i: number) => lane.room(`s${i}`) }: { ackTimeoutMs?: number; roomOf?: (i: number) => string } = {}): Promise<Sender[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const node = nodes[i % nodes.length]!;
      const label = `${lane.name}-sender-${i}`;
      const client = await ChatClient.connect(`${node.app.wsUrl}?token=${await viewerToken(label)}`, { label, ackTimeoutMs, keepReceived: false });
      const room = roomOf(i);
      await client.join(room);
      return { client, room };
    }),
  );
}

/** `count` guest viewers of `room` on `node`, connected `batch` at a time. */
export async function connectViewers(node: LaneApp, room: string, count: number, batch = 100): Promise<ChatClient[]> {
  const viewers: ChatClient[] = [];
  for (let start = 0; start < count; start += batch) {
    const group = await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, async (_, j) => {
        const client = await ChatClient.connect(node.app.wsUrl, { label: `${node.name}-viewer-${start + j}` });
        await client.join(room, 30_000);
        return client;
      }),
    );
    viewers.push(...group);
  }
  return viewers;
}
