import { Session, type ChdbResult, type RawInsertFormat } from 'chdb';
import type { Logger } from '@tribune/service-kit';
import { bindParams } from './param-text';
import { renderReset, renderSet } from './http-request';

export interface EngineQuery {
  sql: string;
  params: Record<string, string>;
  settings: Record<string, string>;
  database?: string;
  format: string;
}

/** An insert whose data is handed to the engine as bytes, parsed once by its own (native) format parser. */
export interface EngineInsert {
  table: string;
  columns?: string[];
  format: RawInsertFormat;
  data: Buffer;
  settings: Record<string, string>;
  database?: string;
}

export interface EngineResult {
  bytes: Uint8Array;
  rows: number;
  bytesRead: number;
  elapsedSeconds: number;
}

/** An engine error with the ClickHouse code (0 when the engine gave none). */
export class EngineError extends Error {
  constructor(
    readonly clickhouseCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}

export class EngineClosedError extends EngineError {
  constructor() {
    super(0, 'Code: 0. DB::Exception: the embedded ClickHouse engine is shutting down. (ABORTED)');
  }
}

function toEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const fromErr = (err as { clickhouseCode?: unknown } | null)?.clickhouseCode;
  const fromText = /Code: (\d+)\./.exec(message)?.[1];
  const code = typeof fromErr === 'number' ? fromErr : fromText ? Number(fromText) : 0;
  return new EngineError(code, message, { cause: err });
}

/**
 * Owns the one chdb Session of the process and runs queries strictly one at a time.
 *
 * Why serialised: per-request settings and `database` are applied with session-level `SET`/`USE`
 * and reset afterwards, which is only sound when no other query shares the session meanwhile.
 * Each query still runs off the event loop (queryAsync), so HTTP stays responsive.
 */
export class ChdbEngine {
  private readonly session: Session;
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private closed = false;

  constructor(
    readonly dataDir: string,
    private readonly logger: Logger,
  ) {
    this.session = new Session(dataDir);
  }

  /** Queries waiting or running. */
  get depth(): number {
    return this.pending;
  }

  run(query: EngineQuery): Promise<EngineResult> {
    if (this.closed) return Promise.reject(new EngineClosedError());
    this.pending++;
    const job = this.tail.then(() => this.execute(query));
    this.tail = job.catch(() => undefined).finally(() => this.pending--);
    return job;
  }

  /**
   * Runs an insert through chdb's raw passthrough: the bytes go to the engine zero-copy with the request's settings
   * in the statement's own SETTINGS clause (no session `SET`/reset round trips), so the rows are parsed once, by
   * ClickHouse's format parser — not copied into a JS string, concatenated into SQL and scanned again.
   */
  insert(insert: EngineInsert): Promise<EngineResult> {
    if (this.closed) return Promise.reject(new EngineClosedError());
    this.pending++;
    const job = this.tail.then(() => this.executeInsert(insert));
    this.tail = job.catch(() => undefined).finally(() => this.pending--);
    return job;
  }

  private async executeInsert(i: EngineInsert): Promise<EngineResult> {
    const table = i.database && !i.table.includes('.') ? `${i.database}.${i.table}` : i.table;
    try {
      const summary = await this.session.insert({ table, values: i.data, format: i.format, ...(i.columns ? { columns: i.columns } : {}), settings: i.settings });
      return { bytes: new Uint8Array(0), rows: summary.rowsWritten, bytesRead: summary.bytesSent, elapsedSeconds: summary.elapsed };
    } catch (err) {
      throw toEngineError(err);
    }
  }

  private async execute(q: EngineQuery): Promise<EngineResult> {
    // The session is shared by every request: `readonly = 1` would make it read-only for good (a session in readonly 1
    // may not change `readonly` back, so the reset below fails). It is applied as 2 — reads only, still resettable —
    // so on this engine readonly=1 refuses every write but not a query's own SETTINGS clause (docs/analytics.md).
    const settings = q.settings.readonly === '1' ? { ...q.settings, readonly: '2' } : q.settings;
    const settingNames = Object.keys(settings);
    try {
      if (q.database) await this.raw(`USE ${q.database}`);
      if (settingNames.length > 0) await this.raw(renderSet(settings));
      const hasParams = Object.keys(q.params).length > 0;
      const result: ChdbResult = hasParams
        ? await this.session.queryBindAsync(q.sql, bindParams(q.sql, q.params), { format: q.format })
        : await this.session.queryAsync(q.sql, { format: q.format });
      return { bytes: result.bytes(), rows: result.rowsRead, bytesRead: result.bytesRead, elapsedSeconds: result.elapsed };
    } catch (err) {
      throw toEngineError(err);
    } finally {
      // Restore the session for the next request, whatever happened to this one.
      if (settingNames.length > 0) await this.raw(renderReset(settingNames)).catch((err) => this.logger.error({ err }, 'settings_reset_failed'));
      if (q.database) await this.raw('USE default').catch((err) => this.logger.error({ err }, 'database_reset_failed'));
    }
  }

  private async raw(sql: string): Promise<void> {
    try {
      await this.session.queryAsync(sql, { format: 'TabSeparated' });
    } catch (err) {
      throw toEngineError(err);
    }
  }

  /** Waits for queued queries, then releases the session (flushes and unlocks the data dir). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail.catch(() => undefined);
    this.session.close();
  }
}
