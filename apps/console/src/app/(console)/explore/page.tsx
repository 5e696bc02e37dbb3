'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { errorText, useTRPC } from '../../../trpc/react';
import { ResultChart } from './result-chart';
import { ResultTable } from './result-table';

/** `{name:Type}` placeholders of a query, in order of first use (what ClickHouse binds; the server checks the rest). */
function placeholders(sql: string): { name: string; type: string }[] {
  const seen = new Map<string, string>();
  for (const m of sql.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^{}]+?)\}/g)) if (!seen.has(m[1]!)) seen.set(m[1]!, m[2]!.trim());
  return [...seen].map(([name, type]) => ({ name, type }));
}

const START = `SELECT status, count() AS messages
FROM chat.messages
WHERE room = {room:String} AND ts >= now() - INTERVAL 1 DAY
GROUP BY status
ORDER BY messages DESC`;

interface Ran {
  sql: string;
  params: Record<string, string>;
  chart: { x: string; y: string } | null;
}

export default function ExplorePage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [sql, setSql] = useState(START);
  const [values, setValues] = useState<Record<string, string>>({ room: 'demo' });
  const [suggested, setSuggested] = useState<{ x: string; y: string } | null>(null);
  const [ran, setRan] = useState<Ran | null>(null);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const params = useMemo(() => placeholders(sql), [sql]);
  const bound = Object.fromEntries(params.map((p) => [p.name, values[p.name] ?? '']));

  const cookbook = useQuery(trpc.explore.cookbook.queryOptions());
  const saved = useQuery(trpc.savedQueries.list.queryOptions());
  const result = useQuery({ ...trpc.explore.run.queryOptions(ran ?? { sql: '', params: {} }), enabled: ran !== null, retry: false, staleTime: Infinity });
  const invalidateSaved = () => queryClient.invalidateQueries({ queryKey: trpc.savedQueries.list.queryKey() });
  const save = useMutation(trpc.savedQueries.save.mutationOptions({ onSuccess: invalidateSaved }));
  const remove = useMutation(trpc.savedQueries.remove.mutationOptions({ onSuccess: invalidateSaved }));

  function load(next: { sql: string; params: Record<string, string>; chart?: { x: string; y: string } | null; name?: string }) {
    setSql(next.sql);
    setValues(next.params);
    setSuggested(next.chart ?? null);
    if (next.name !== undefined) setName(next.name);
    setRan(null);
  }

  function runNow() {
    setExportError(null);
    // The same query again: run it again (a new result), not the cached one.
    if (ran && ran.sql === sql && JSON.stringify(ran.params) === JSON.stringify(bound)) result.refetch().catch(() => undefined);
    else setRan({ sql, params: bound, chart: suggested });
  }

  async function exportCsv() {
    setExportError(null);
    setExporting(true);
    try {
      const res = await fetch('/explore/export', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql, params: bound }) });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { message?: string } | null;
        setExportError(body?.message ?? `export failed (${res.status})`);
        return;
      }
      const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'explore.csv';
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setExporting(false);
    }
  }

  return (
    <>
      <h1>Explore</h1>
      <div className="panel" data-testid="cookbook">
        <h2>
          Cookbook <span className="muted">ready questions: load one, adjust its parameters, run it</span>
        </h2>
        {cookbook.error && <p className="error">{errorText(cookbook.error)}</p>}
        <div className="cookbook">
          {cookbook.data?.map((e) => (
            <button key={e.id} type="button" className="secondary" title={e.description} onClick={() => load({ sql: e.sql, params: e.params, chart: e.chart })}>
              {e.title}
            </button>
          ))}
        </div>
      </div>

      <div className="panel" data-testid="query-panel">
        <h2>
          Query <span className="muted">one SELECT · parameters as {'{name:Type}'} · limits: the server’s (rows, seconds, read-only)</span>
        </h2>
        <label>
          SQL
          <textarea className="sql" aria-label="SQL" spellCheck={false} rows={Math.min(18, Math.max(6, sql.split('\n').length + 1))} value={sql} onChange={(e) => setSql(e.target.value)} />
        </label>
        {params.length > 0 && (
          <div className="row params">
            {params.map((p) => (
              <label key={p.name}>
                {p.name} <span className="muted">{p.type}</span>
                <input aria-label={`parameter ${p.name}`} value={values[p.name] ?? ''} onChange={(e) => setValues({ ...values, [p.name]: e.target.value })} />
              </label>
            ))}
          </div>
        )}
        <div className="row" style={{ marginTop: 12 }}>
          <button type="button" onClick={runNow} disabled={result.isFetching}>
            {result.isFetching ? 'Running…' : 'Run'}
          </button>
          <button type="button" className="secondary" onClick={() => {
              exportCsv().catch((err: unknown) => setExportError(err instanceof Error ? err.message : String(err)));
            }} disabled={exporting}>
            {exporting ? 'Exporting…' : 'Export CSV'}
          </button>
          <span style={{ flex: 1 }} />
          <label>
            Name
            <input aria-label="query name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. blocked per day" />
          </label>
          <label style={{ flexDirection: 'row', alignItems: 'center' }}>
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> shared
          </label>
          <button type="button" className="secondary" disabled={name.trim() === '' || save.isPending} onClick={() => save.mutate({ name, sql, params: bound, shared })}>
            Save
          </button>
        </div>
        {exportError && (
          <p className="error" role="alert">
            {exportError}
          </p>
        )}
        {save.error && <p className="error">{errorText(save.error)}</p>}
        {save.isSuccess && <p className="muted">Saved “{save.data.name}”{save.data.shared ? ' (shared)' : ''}.</p>}
      </div>

      {ran && (
        <div className="panel" data-testid="result-panel">
          <h2>Result</h2>
          {result.error && (
            <p className="error" role="alert">
              {result.error.message}
            </p>
          )}
          {result.data && (
            <>
              <p className="muted" data-testid="result-summary">
                {result.data.rows.length} rows{result.data.truncated ? ` (cut at ${result.data.maxRows}: narrow the query or add a LIMIT)` : ''} · {result.data.rowsRead} rows read · {result.data.elapsedMs} ms
              </p>
              <ResultChart key={ran.sql} columns={result.data.columns} rows={result.data.rows} suggested={ran.chart} />
              <ResultTable columns={result.data.columns} rows={result.data.rows} />
            </>
          )}
        </div>
      )}

      <div className="panel" data-testid="saved-queries">
        <h2>
          Saved queries <span className="muted">yours and the shared ones</span>
        </h2>
        {saved.error && <p className="error">{errorText(saved.error)}</p>}
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Owner</th>
              <th>Updated</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {saved.data?.map((q) => (
              <tr key={q.id}>
                <td>
                  {q.name} {q.shared && <span className="badge ok">shared</span>}
                </td>
                <td className="muted">{q.mine ? 'you' : q.ownerLabel}</td>
                <td className="muted">{q.updatedAt.toLocaleString()}</td>
                <td style={{ textAlign: 'right' }}>
                  <button type="button" className="secondary" onClick={() => { load({ sql: q.sql, params: q.params, name: q.mine ? q.name : '' }); setShared(q.shared); }}>
                    Load
                  </button>{' '}
                  {q.mine && (
                    <button type="button" className="danger" onClick={() => remove.mutate({ id: q.id })}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {saved.data?.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  Nothing saved yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {remove.error && <p className="error">{errorText(remove.error)}</p>}
      </div>
    </>
  );
}
