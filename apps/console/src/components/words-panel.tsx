'use client';

import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorText, useTRPC } from '../trpc/react';
import { BacktestResult } from './backtest-result';
import { RulesChangeStatus, useLastRulesChange } from './rules-change-status';
import { ScopeSelect } from './scope-select';

const MATCHES = ['word', 'contains', 'regex'] as const;
const ACTIONS = ['block', 'mask', 'hold', 'shadow'] as const;

/**
 * Banned words with add/remove. `room` fixes the scope (a room page); without it the operator picks
 * global or a room, and the list shows every word.
 */
export function WordsPanel({ room }: { room?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const words = useQuery(trpc.words.list.queryOptions(room ? { roomId: room } : {}));
  const [term, setTerm] = useState('');
  const [match, setMatch] = useState<(typeof MATCHES)[number]>('word');
  const [action, setAction] = useState<(typeof ACTIONS)[number]>('block');
  const [scope, setScope] = useState<string>(room ?? '');
  const [lastChange, recordChange] = useLastRulesChange();
  // "Try on the last hour / day": the word as the form holds it now, replayed over stored messages, nothing saved.
  type Trial = { term: string; match: typeof match; action: typeof action; roomId: string | null; window: 'hour' | 'day' };
  const [trial, setTrial] = useState<Trial | null>(null);
  const backtest = useQuery({ ...trpc.backtest.word.queryOptions(trial ?? skipToken), staleTime: 0, gcTime: 0, retry: false });
  const tryOn = (window: 'hour' | 'day') => {
    const next: Trial = { term, match, action, roomId: (room ?? scope) || null, window };
    // The same proposal again: read the messages again (new ones may have arrived).
    if (JSON.stringify(next) === JSON.stringify(trial)) backtest.refetch().catch(() => undefined); // its error shows through `backtest.error`
    else setTrial(next);
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.words.list.pathKey() });
  const add = useMutation(
    trpc.words.add.mutationOptions({
      onSuccess: async (res) => {
        setTerm('');
        recordChange(res);
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.words.remove.mutationOptions({
      onSuccess: async (res) => {
        recordChange(res);
        await refresh();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ term, match, action, roomId: (room ?? scope) || null });
  };
  return (
    <div className="panel">
      <h2>Banned words {room ? <span className="muted">in {room} (global words apply too)</span> : null}</h2>
      <form className="row" onSubmit={submit} aria-label="new banned word">
        <label>
          Term
          <input name="term" value={term} onChange={(e) => setTerm(e.target.value)} required maxLength={200} />
        </label>
        <label>
          Match
          <select name="match" value={match} onChange={(e) => setMatch(e.target.value as typeof match)}>
            {MATCHES.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select name="action" value={action} onChange={(e) => setAction(e.target.value as typeof action)}>
            {ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        {!room && <ScopeSelect name="scope" value={scope} onChange={setScope} />}
        <button type="submit" disabled={add.isPending}>
          Add word
        </button>
        <button type="button" className="secondary" disabled={!term.trim() || backtest.isFetching} onClick={() => tryOn('hour')}>
          Try on last hour
        </button>
        <button type="button" className="secondary" disabled={!term.trim() || backtest.isFetching} onClick={() => tryOn('day')}>
          Try on last day
        </button>
      </form>
      {trial && backtest.isFetching && <p className="muted">Replaying the stored messages…</p>}
      {trial && backtest.error && <div className="error" role="alert">{errorText(backtest.error)}</div>}
      {trial && backtest.data && !backtest.isFetching && (
        <>
          <p className="muted">
            Backtest of <code>{trial.term}</code> ({trial.match}, {trial.action}) — not saved yet:
          </p>
          <BacktestResult report={backtest.data} />
        </>
      )}
      {add.error && <div className="error" role="alert">{errorText(add.error)}</div>}
      {remove.error && <div className="error" role="alert">{errorText(remove.error)}</div>}
      <RulesChangeStatus last={lastChange} />
      {words.error && <p className="error">{errorText(words.error)}</p>}
      <table>
        <thead>
          <tr>
            <th>Term</th>
            <th>Match</th>
            <th>Action</th>
            <th>Scope</th>
            <th>Added</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {words.data?.map((w) => (
            <tr key={w.id}>
              <td>
                <code>{w.term}</code>
              </td>
              <td>{w.match}</td>
              <td>{w.action}</td>
              <td>{w.roomId ?? <span className="badge">global</span>}</td>
              <td className="muted">{w.createdAt.toLocaleString()}</td>
              <td>
                <button className="danger" onClick={() => remove.mutate({ id: w.id })} disabled={remove.isPending} aria-label={`remove ${w.term}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {words.data?.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No banned words yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
