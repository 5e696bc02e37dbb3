import { AppProcess } from './app-process';
import { freePorts } from './free-ports';
import { portOpen } from '../process/child-process';

/** The stack a console suite runs its nodes against (the same Kafka, Redis prefix and token secret as its console). */
export interface ChatNodesStack {
  KAFKA_BROKERS: string;
  KAFKA_TOPIC_PREFIX: string;
  REDIS_URL: string;
  REDIS_PREFIX: string;
  CHAT_TOKEN_SECRET: string;
}

export interface ChatNodesOptions {
  stack: ChatNodesStack;
  /** How many nodes (two: what "every node" is tested with). */
  count?: number;
  /** Node ids are `<name>-a`, `<name>-b`, … */
  name: string;
  /** More env for every node (e.g. RULES_POLL_SECONDS). */
  env?: Record<string, string>;
}

/**
 * Real chat-node processes for a console integration suite, ready (`/readyz`) before it resolves: what the suites
 * that follow a console action to the viewers (live rules, room modes, review queue, moderation) each spawned.
 * Fails first, and clearly, when the stack's Kafka does not answer.
 */
export async function startChatNodes({ stack, count = 2, name, env = {} }: ChatNodesOptions): Promise<AppProcess[]> {
  const broker = stack.KAFKA_BROKERS.split(',')[0]!.trim();
  const [host = '127.0.0.1', port = '0'] = broker.split(':');
  if (!(await portOpen(host, Number(port), 2000))) {
    throw new Error(`no Kafka broker at ${broker}: run through \`npm test\`, or set KAFKA_BROKERS/KAFKA_TOPIC_PREFIX to a stack with the topics`);
  }
  const base = {
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: stack.KAFKA_TOPIC_PREFIX,
    REDIS_URL: stack.REDIS_URL,
    REDIS_PREFIX: stack.REDIS_PREFIX,
    CHAT_TOKEN_SECRET: stack.CHAT_TOKEN_SECRET,
    LOG_LEVEL: 'info',
    HEARTBEAT_SECONDS: '1',
    HOST: '127.0.0.1',
  };
  const ports = await freePorts(count);
  const nodes = ports.map((p, i) => {
    const nodeId = `${name}-${String.fromCharCode(97 + i)}`;
    return AppProcess.spawn({ app: 'chat-node', port: p, name: nodeId, env: { ...base, ...env, NODE_ID: nodeId } });
  });
  try {
    await Promise.all(nodes.map((n) => n.waitReady()));
  } catch (err) {
    await stopChatNodes(nodes);
    throw err;
  }
  return nodes;
}

/** Stops the nodes (SIGTERM, as an orchestrator does) and writes the logs of any that did not exit 0 to stderr. */
export async function stopChatNodes(nodes: readonly AppProcess[]): Promise<void> {
  const codes = await Promise.all(nodes.map((n) => n.stop()));
  codes.forEach((code, i) => {
    if (code !== 0) process.stderr.write(`chat node ${nodes[i]!.name} exited ${code}:\n${nodes[i]!.logs()}\n`);
  });
}
