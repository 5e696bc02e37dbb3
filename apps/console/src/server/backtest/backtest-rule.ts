import type { RuleSetInput } from '@tribune/contracts';
import { AppError } from '../app-error';
import type { Services } from '../services';
import { runBacktest, type BacktestOutcome } from './run-backtest';
import { readStoredMessages } from './stored-messages';

export const BACKTEST_WINDOWS = { hour: 3600_000, day: 24 * 3600_000 } as const;
export type BacktestWindow = keyof typeof BACKTEST_WINDOWS;

/** Messages read per backtest unless asked otherwise: the most recent of the window (a day of a busy room is more). */
export const BACKTEST_DEFAULT_LIMIT = 20_000;
export const BACKTEST_MAX_LIMIT = 50_000;

export interface BacktestReport extends BacktestOutcome {
  window: BacktestWindow;
  since: number;
  until: number;
  /** null = every room */
  room: string | null;
  limit: number;
  truncated: boolean;
}

/**
 * Reads the window's stored messages of `room` (null: every room) from ClickHouse and replays them through the
 * engine with `rules` (which holds the proposed rule). `rules` must be valid: callers validate it first.
 */
export async function backtestRule(
  services: Pick<Services, 'clickhouse'>,
  rules: RuleSetInput,
  q: { room: string | null; window: BacktestWindow; limit: number; now?: number },
): Promise<BacktestReport> {
  const until = q.now ?? Date.now();
  const since = until - BACKTEST_WINDOWS[q.window];
  let stored;
  try {
    stored = await readStoredMessages(services.clickhouse, { room: q.room, since, until, limit: q.limit });
  } catch (err) {
    throw new AppError('DEPENDENCY_UNAVAILABLE', 'ClickHouse did not answer the backtest query', [], { cause: err });
  }
  return { ...runBacktest(rules, stored.messages), window: q.window, since, until, room: q.room, limit: q.limit, truncated: stored.truncated };
}
