import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';

export type FaultKind = 'unhandled_rejection' | 'uncaught_exception';

export interface ProcessGuardOptions {
  logger: Logger;
  /** Where `<prefix>process_faults_total{kind}` is registered. */
  registry: Registry;
  /** Metric name prefix of the app (e.g. `tribune_chat_node_`). */
  prefix: string;
  /** Drains the process (the function `installShutdown` returned); called with the fault kind as the reason. */
  shutdown: (reason: string) => Promise<void>;
  /**
   * What an unhandled rejection does. `continue` (the default): it is logged and counted and the process keeps
   * serving — a promise nobody awaited failed, which is a bug to fix, but nothing is left half-done by it and every
   * viewer on the node would pay for an exit. `exit`: drain and exit 1 like an uncaught exception.
   */
  onUnhandledRejection?: 'continue' | 'exit';
}

/**
 * The process-level fault policy every Tribune process installs in its composition root.
 *
 * - An **uncaught exception** leaves the process in an unknown state (Node's own advice): it is logged with its
 *   stack and counted, then the process drains through its shutdown steps (bounded by their hard timeout) and
 *   exits 1 for the supervisor (`npm start`, systemd, Kubernetes) to restart it.
 * - An **unhandled rejection** is logged and counted; by default the process keeps serving (see
 *   `onUnhandledRejection`). Lint (`no-floating-promises`) keeps them from happening on request paths.
 */
/** The counter every app gets from installProcessGuards, after its metric prefix. */
export const PROCESS_FAULTS_METRIC = 'process_faults_total';

export function installProcessGuards(options: ProcessGuardOptions): Counter<'kind'> {
  const { logger, registry, prefix, shutdown, onUnhandledRejection = 'continue' } = options;
  const log = logger.child({ module: 'process_guard' });
  const name = `${prefix}${PROCESS_FAULTS_METRIC}`;
  const faults =
    (registry.getSingleMetric(name) as Counter<'kind'> | undefined) ??
    new Counter({ name, help: 'Unhandled rejections and uncaught exceptions, by kind', labelNames: ['kind'] as const, registers: [registry] });
  faults.inc({ kind: 'unhandled_rejection' }, 0);
  faults.inc({ kind: 'uncaught_exception' }, 0);

  const drain = (kind: FaultKind) => {
    shutdown(kind).catch((err: unknown) => {
      log.fatal({ err }, 'drain_failed');
      process.exit(1);
    });
  };
  process.on('unhandledRejection', (reason: unknown) => {
    faults.inc({ kind: 'unhandled_rejection' });
    log.error({ err: reason, policy: onUnhandledRejection }, 'unhandled_rejection');
    if (onUnhandledRejection === 'exit') drain('unhandled_rejection');
  });
  process.on('uncaughtException', (err: Error, origin: string) => {
    faults.inc({ kind: 'uncaught_exception' });
    log.fatal({ err, origin }, 'uncaught_exception');
    process.exitCode = 1;
    drain('uncaught_exception');
  });
  return faults;
}
