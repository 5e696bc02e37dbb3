import type { Logger } from 'pino';

export type ShutdownStep = { name: string; run: () => Promise<void> | void };

/**
 * Runs the steps in order on SIGINT/SIGTERM (or when called), each bounded by the overall
 * hard timeout; exits 0 when all finished, 1 when one failed or the timeout hit.
 */
export function installShutdown(logger: Logger, steps: ShutdownStep[], { timeoutMs = 10_000, exit = true } = {}) {
  let running: Promise<void> | null = null;
  const shutdown = (signal: string): Promise<void> => {
    if (running) return running;
    logger.info({ signal }, 'shutdown_started');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown_timeout');
      if (exit) process.exit(1);
    }, timeoutMs);
    timer.unref();
    running = (async () => {
      let failed = false;
      for (const step of steps) {
        try {
          await step.run();
          logger.debug({ step: step.name }, 'shutdown_step_done');
        } catch (err) {
          failed = true;
          logger.error({ step: step.name, err }, 'shutdown_step_failed');
        }
      }
      clearTimeout(timer);
      logger.info({ failed }, 'shutdown_finished');
      if (exit) {
        logger.flush?.();
        // A drain after a fault (see process-guards) has set exitCode 1 already: keep it.
        process.exit(failed ? 1 : Number(process.exitCode ?? 0));
      }
    })();
    return running;
  };
  // The steps catch their own failures; a rejection here would be the logger's, and the hard timeout still exits.
  const onSignal = (signal: string) => () => {
    shutdown(signal).catch(() => process.exit(1));
  };
  process.once('SIGINT', onSignal('SIGINT'));
  process.once('SIGTERM', onSignal('SIGTERM'));
  return shutdown;
}
