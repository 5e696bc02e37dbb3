import { ingestDedupOffControl } from './ingest-dedup-off-control';
import { ingestKill } from './ingest-kill';
import { kafkaBrokerKill } from './kafka-broker-kill';
import { redisKill } from './redis-kill';
import { chdbKill } from './chdb-kill';
import { chatNodeKill } from './chat-node-kill';
import { postgresRestart } from './postgres-restart';
import type { Scenario } from './scenario';

/** In priority order (the order they run in). */
export const SCENARIOS: Scenario[] = [ingestKill, ingestDedupOffControl, kafkaBrokerKill, redisKill, chdbKill, postgresRestart, chatNodeKill];
