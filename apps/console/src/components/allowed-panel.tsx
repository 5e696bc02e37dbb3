'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorText, useTRPC } from '../trpc/react';
import { RulesChangeStatus, useLastRulesChange } from './rules-change-status';
import { ScopeSelect } from './scope-select';

/**
 * Allowed phrases: a banned-word hit inside one of them is ignored (`새끼손가락` keeps `새끼` from
 * firing inside it). Global or per room, like banned words; every change is a new rules version.
 */
export function AllowedPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const phrases = useQuery(trpc.allowed.list.queryOptions({}));
  const [phrase, setPhrase] = useState('');
  const [scope, setScope] = useState('');
  const [last, recordChange] = useLastRulesChange();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.allowed.list.pathKey() });
  const add = useMutation(
    trpc.allowed.add.mutationOptions({
      onSuccess: async (res) => {
        setPhrase('');
        recordChange(res);
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.allowed.remove.mutationOptions({
      onSuccess: async (res) => {
        recordChange(res);
        await refresh();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ phrase, roomId: scope || null });
  };
  return (
    <div className="panel">
      <h2>Allowed phrases <span className="muted">(a banned word inside one of them is not flagged)</span></h2>
      <form className="row" onSubmit={submit} aria-label="new allowed phrase">
        <label>
          Phrase
          <input name="phrase" value={phrase} onChange={(e) => setPhrase(e.target.value)} required maxLength={200} />
        </label>
        <ScopeSelect name="allowed-scope" value={scope} onChange={setScope} />
        <button type="submit" disabled={add.isPending}>
          Add phrase
        </button>
      </form>
      {add.error && <div className="error" role="alert">{errorText(add.error)}</div>}
      {remove.error && <div className="error" role="alert">{errorText(remove.error)}</div>}
      <RulesChangeStatus last={last} />
      {phrases.error && <p className="error">{errorText(phrases.error)}</p>}
      <table>
        <thead>
          <tr>
            <th>Phrase</th>
            <th>Scope</th>
            <th>Added</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {phrases.data?.map((p) => (
            <tr key={p.id}>
              <td>
                <code>{p.phrase}</code>
              </td>
              <td>{p.roomId ?? <span className="badge">global</span>}</td>
              <td className="muted">{p.createdAt.toLocaleString()}</td>
              <td>
                <button className="danger" onClick={() => remove.mutate({ id: p.id })} disabled={remove.isPending} aria-label={`remove allowed ${p.phrase}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {phrases.data?.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No allowed phrases yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
