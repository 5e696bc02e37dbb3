import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { CLOSE_CODES, signViewerToken, VIEWER_TOKEN_AUDIENCE, VIEWER_TOKEN_ISSUER } from '@tribune/contracts';
import { closeServer, createMetricsRegistry, createOpsServer, listen } from '@tribune/service-kit';
import { createHs256Verifier } from '../auth/viewer-token';
import { ChatNode } from '../chat-node';
import { MemoryEventSink } from '../events/memory-event-sink';
import { MemoryFanout } from '../fanout/memory-fanout';
import { SendMessage } from '../messaging/send-message';
import { createChatMetrics } from '../metrics';
import { MemoryFloodStore } from '../flood/memory-flood-store';
import { compileRules, Moderator } from '../moderation/moderator';
import { MemoryPresence } from '../presence/memory-presence';
import { LiveRules } from '../rules/live-rules';
import { MemorySanctions } from '../sanctions/memory-sanctions';
import { WsGateway } from '../transport/ws-gateway';

export const FUZZ_SECRET = 'fuzz-secret-0123456789abcdef0123456789';
export const FUZZ_MAX_PAYLOAD = 4096;

/** Where the fuzzer sends its inputs: a port and the tokens it derives its token kinds from. */
export interface FuzzEndpoint {
  port: number;
  /** A valid viewer token (the fuzzer also sends expired, forged and malformed ones). */
  token: string;
  expiredToken: string;
}

export interface FuzzTarget extends FuzzEndpoint {
  gateway: WsGateway;
  close(): Promise<void>;
}

/**
 * The real gateway and node behaviour (admission, token verification, frame decoding, moderation with a real
 * compiled rule set, joins, sends, slow-reader protection) on a real socket, with the in-memory adapters in
 * place of Kafka and Redis: the fuzzer tests what a hostile client can reach, at the rate only memory allows.
 */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const logger = pino({ level: 'silent' });
  const registry = createMetricsRegistry('fuzz_');
  const metrics = createChatMetrics(registry);
  const live = new LiveRules(compileRules);
  const applied = live.apply(
    JSON.stringify({
      v: 1,
      version: 1,
      publishedAt: Date.now(),
      rules: { words: [{ id: 'w1', term: 'badword', match: 'word', action: 'block' }], spam: [{ id: 'rep', kind: 'repetition', maxRun: 20, action: 'mask' }] },
    }),
  );
  if (applied.kind !== 'applied') throw new Error(`fuzz rule set not applied: ${applied.kind}`);
  const fanout = new MemoryFanout();
  const sendMessage = new SendMessage({ nodeId: 'fuzz', moderator: new Moderator(live, new MemoryFloodStore(), metrics), sink: new MemoryEventSink(), fanout, sanctions: new MemorySanctions(), logger, metrics });
  const node = new ChatNode({
    fanout,
    presence: new MemoryPresence(),
    sendMessage,
    maxPendingSends: 16,
    maxRoomsPerConnection: 20,
    delivery: { flushMs: 50, maxBatch: 100, maxViewerRate: 60, ringSize: 500, maxLanes: 8, sliceMs: 4 },
    roomLingerMs: 0,
    logger,
    metrics,
  });
  fanout.onEnvelope((e) => node.deliver(e));
  const server: Server = createOpsServer({ registry, checks: [] });
  const gateway = new WsGateway({
    server,
    path: '/ws',
    allowedOrigins: ['http://allowed.example'],
    maxConnections: 5000,
    maxConnectionsPerIp: 5000,
    maxPayloadBytes: FUZZ_MAX_PAYLOAD,
    maxBufferedBytes: 256 * 1024,
    verifier: createHs256Verifier({ keys: [{ kid: null, secret: FUZZ_SECRET }], issuer: VIEWER_TOKEN_ISSUER, audience: VIEWER_TOKEN_AUDIENCE, maxLifetimeSeconds: 24 * 3600 }),
    handler: node,
    logger,
    metrics,
  });
  await listen(server, '127.0.0.1', 0);
  const now = Math.floor(Date.now() / 1000);
  /** A token issued now that expires at `exp` (s; in the past for an expired one). */
  const sign = (exp: number) =>
    signViewerToken({ sub: 'fuzzer', name: 'Fuzzer', roles: [] }, { key: { kid: null, secret: FUZZ_SECRET }, ttlSeconds: exp - now, now: now * 1000 }).then((t) => t.token);
  return {
    port: (server.address() as AddressInfo).port,
    token: await sign(now + 24 * 3600),
    expiredToken: await sign(now - 60),
    gateway,
    async close() {
      await gateway.closeAll(CLOSE_CODES.SHUTTING_DOWN, 'fuzz over', 200);
      await closeServer(server);
    },
  };
}
