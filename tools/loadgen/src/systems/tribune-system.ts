import { SignJWT } from 'jose';
import { AppProcess, freePorts } from '@tribune/devstack/testing';
import type { BenchSystem } from './bench-system';

/** Two real chat nodes (`apps/chat-node`, as `npm start` runs them) on the bench's Kafka and Redis. */
export async function startTribune(name: string, stackEnv: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<BenchSystem> {
  const ports = await freePorts(2);
  const redisPrefix = `${stackEnv.REDIS_PREFIX ?? 'tribune-bench'}-${name}-${process.pid}`;
  const nodes = await Promise.all(
    ports.map((port, i) =>
      AppProcess.start({
        app: 'chat-node',
        port,
        name: `${name}-${i}`,
        env: { ...stackEnv, REDIS_PREFIX: redisPrefix, NODE_ID: `bench-${i}`, LOG_LEVEL: 'warn', ...extraEnv },
      }),
    ),
  );
  const secret = stackEnv.CHAT_TOKEN_SECRET ?? '';
  return {
    name,
    urls: nodes.map((n) => n.wsUrl),
    pids: nodes.map((n) => n.child.pid ?? 0),
    async senderUrl() {
      const token = await new SignJWT({ sub: 'bench-sender', name: 'sender', roles: [] })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('2h')
        .sign(new TextEncoder().encode(secret));
      return `${nodes[0]!.wsUrl}?token=${token}`;
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}
