import { ingestDedupOffControl } from './ingest-dedup-off-control';
import { ingestKill } from './ingest-kill';
import { kafkaBrokerKill } from './kafka-broker-kill';
import { redisKill } from './redis-kill';
import type { Scenario } from './scenario';

/** In priority order (the order they run in). */
export const SCENARIOS: Scenario[] = [ingestKill, ingestDedupOffControl, kafkaBrokerKill, redisKill];
