// `@tribune/devstack/testing`: plumbing for integration tests that run apps as child processes.
export { AppProcess, type AppProcessOptions } from './app-process';
export { freePorts } from './free-ports';
export { startChatNodes, stopChatNodes, type ChatNodesOptions, type ChatNodesStack } from './chat-nodes';
export { waitFor } from './wait-for';
export { WsViewer, type Ack, type Closed } from './ws-viewer';
export { clickHouseForTests, migrateTestClickHouse, type ClickHouseForTests } from './test-clickhouse';
export { portOpen, httpOk } from '../process/child-process';
export { TcpProxy } from './tcp-proxy';
export { startRedisCluster, type RedisClusterHandle } from '../services/redis-cluster';
