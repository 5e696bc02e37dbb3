-- Who may read and write `chat.*` (docs/analytics.md, "Access"): roles, settings profiles, quotas and users, so that
-- no app uses `default`. Ingest writes as `tribune_ingest`; the console reads its charts (and runs an admin's erasure,
-- a mutation) as `tribune_console`; its Explore workspace reads as `tribune_console_reader`; analysts with their own
-- SQL client use `tribune_analyst`.
--
-- Passwords are never in this file: each `{{secret:…}}` placeholder is filled by the runner from its environment
-- (tools/devstack/src/clickhouse/access-ddl.ts), and a missing one fails the migration by name. They are set once,
-- at creation; rotate with `ALTER USER … IDENTIFIED …` (docs/analytics.md).
--
-- The embedded engine (chdb) has no access storage and refuses every statement here (ACCESS_DENIED): the runner skips
-- them there and logs each; the console then enforces what it can itself (readonly=2, max_execution_time,
-- max_result_rows on every Explore query; SELECT-only through ClickHouse's parser). On a real server they all run.

CREATE ROLE IF NOT EXISTS tribune_reader;

CREATE ROLE IF NOT EXISTS tribune_writer;

GRANT SELECT ON chat.* TO tribune_reader;

-- Ingest inserts rows and reads its own lineage back (the highest loaded offset per partition) to resume.
GRANT SELECT, INSERT ON chat.* TO tribune_writer;

-- An erasure (docs/privacy.md) is `ALTER TABLE … DELETE WHERE user_id = …` on the two event tables, nothing else.
CREATE ROLE IF NOT EXISTS tribune_eraser;

GRANT ALTER DELETE ON chat.messages TO tribune_eraser;

GRANT ALTER DELETE ON chat.moderation_events TO tribune_eraser;

-- Readers: no write, no DDL (readonly = 2 still lets a request carry its own limits, within these bounds), a bounded
-- run time and result, and no reading of files, URLs or other servers (no source grants are given to the role).
CREATE SETTINGS PROFILE IF NOT EXISTS tribune_reader_profile SETTINGS
    readonly = 2,
    max_execution_time = 10 MAX 60,
    max_result_rows = 10001 MAX 1000001,
    result_overflow_mode = 'break',
    max_rows_to_read = 1000000000 MAX 10000000000,
    max_memory_usage = 4000000000 MAX 8000000000;

-- The console's Explore reader: the same bounds, without pinning `readonly` — the console sends readonly = 2 with every
-- query itself, and a server may refuse a request that sets `readonly` under a profile in readonly mode. Writes stay
-- impossible for it all the same: its role grants SELECT only.
CREATE SETTINGS PROFILE IF NOT EXISTS tribune_console_reader_profile SETTINGS
    max_execution_time = 10 MAX 60,
    max_result_rows = 10001 MAX 1000001,
    result_overflow_mode = 'break',
    max_rows_to_read = 1000000000 MAX 10000000000,
    max_memory_usage = 4000000000 MAX 8000000000;

CREATE SETTINGS PROFILE IF NOT EXISTS tribune_writer_profile SETTINGS
    max_execution_time = 300,
    max_memory_usage = 8000000000;

-- How much one analyst may ask of the server per hour (the console reader serves every operator: a larger budget).
CREATE QUOTA IF NOT EXISTS tribune_analyst_quota
    FOR INTERVAL 1 hour MAX queries = 1000, result_rows = 100000000, read_rows = 100000000000, execution_time = 3600;

CREATE QUOTA IF NOT EXISTS tribune_console_reader_quota
    FOR INTERVAL 1 hour MAX queries = 100000, read_rows = 1000000000000, execution_time = 36000;

CREATE USER IF NOT EXISTS tribune_ingest
    IDENTIFIED WITH sha256_password BY '{{secret:CLICKHOUSE_INGEST_PASSWORD}}'
    SETTINGS PROFILE 'tribune_writer_profile';

-- The console's own connection: charts and protection read, erasures delete; no profile readonly (a mutation is a write).
CREATE USER IF NOT EXISTS tribune_console
    IDENTIFIED WITH sha256_password BY '{{secret:CLICKHOUSE_CONSOLE_PASSWORD}}'
    SETTINGS PROFILE 'tribune_writer_profile';

CREATE USER IF NOT EXISTS tribune_console_reader
    IDENTIFIED WITH sha256_password BY '{{secret:CLICKHOUSE_READER_PASSWORD}}'
    SETTINGS PROFILE 'tribune_console_reader_profile';

CREATE USER IF NOT EXISTS tribune_analyst
    IDENTIFIED WITH sha256_password BY '{{secret:CLICKHOUSE_ANALYST_PASSWORD}}'
    SETTINGS PROFILE 'tribune_reader_profile';

GRANT tribune_writer TO tribune_ingest;

GRANT tribune_reader, tribune_eraser TO tribune_console;

GRANT tribune_reader TO tribune_console_reader;

GRANT tribune_reader TO tribune_analyst;

ALTER QUOTA IF EXISTS tribune_analyst_quota TO tribune_analyst;

ALTER QUOTA IF EXISTS tribune_console_reader_quota TO tribune_console_reader;
