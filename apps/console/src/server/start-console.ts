import { ConfigError } from '@tribune/service-kit';
import { listenForResyncRequests } from './rules/resync-listener';
import { getServices, type Services } from './services';

const RETRY_MS = 5000;
/** How often Redis is checked against the latest committed rules version (heals a publish that failed). */
export const RECONCILE_MS = 30_000;

/**
 * Boot work of the server process. A bad config exits 1 naming every variable; a dependency that is
 * down does not stop the boot (the console serves /readyz meanwhile) and the republish is retried;
 * then every RECONCILE_MS Redis is brought up to the latest committed rules version.
 */
export async function startConsole(): Promise<void> {
  let services: Services;
  try {
    services = getServices();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`console: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = services.logger.child({ module: 'boot' });
  const attempt = async (): Promise<void> => {
    try {
      await services.rules.republishCurrent();
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err), retryMs: RETRY_MS }, 'rules_republish_failed');
      // attempt() catches its own failure; the outer catch is for the logger itself failing.
      setTimeout(() => {
        attempt().catch(() => undefined);
      }, RETRY_MS).unref();
    }
  };
  await attempt();
  listenForResyncRequests(services.redis, services.config.REDIS_PREFIX, () => services.rules.reconcile(), services.logger);
  // A change whose publish failed after its commit is saved but not live: keep Redis on the latest committed version.
  setInterval(() => {
    services.rules.reconcile().catch((err: unknown) => {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'rules_reconcile_failed');
    });
  }, RECONCILE_MS).unref();
  startProtectionChecks(services);
  startReviewExpiry(services);
  logger.info({ port: services.config.PORT }, 'console_started');
}

/** Checks armed rooms every AUTO_PROTECTION_CHECK_MS, one check at a time (a slow ClickHouse never piles them up). */
function startProtectionChecks(services: Services): void {
  const every = services.config.AUTO_PROTECTION_CHECK_MS;
  if (every === 0) return;
  const run = (): void => {
    // tick() catches and logs its own failures; the catch is for the logger itself failing.
    services.protection
      .tick()
      .catch(() => undefined)
      .finally(() => setTimeout(run, every).unref());
  };
  setTimeout(run, every).unref();
}

/** Expires held messages older than REVIEW_EXPIRE_MINUTES every REVIEW_SWEEP_MS (one sweep at a time; consoles race safely: one claim wins). */
function startReviewExpiry(services: Services): void {
  const every = services.config.REVIEW_SWEEP_MS;
  if (every === 0) return;
  const log = services.logger.child({ module: 'review' });
  const run = (): void => {
    services.review
      .expireDue()
      .then((n) => {
        if (n > 0) log.info({ expired: n }, 'review_expired');
      })
      .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'review_expiry_sweep_failed'))
      .finally(() => setTimeout(run, every).unref());
  };
  setTimeout(run, every).unref();
}
