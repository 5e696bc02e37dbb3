'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useState } from 'react';
import type { AppRouter } from '../server/api/root';
import { errorText, useTRPC } from '../trpc/react';

type Item = inferRouterOutputs<AppRouter>['review']['list']['items'][number];

/** The held text with the word hits marked. */
function Marked({ text, hits }: { text: string; hits: Item['hits'] }) {
  const spans = hits.flatMap((h) => (h.span ? [h.span] : [])).sort((a, b) => a[0] - b[0]);
  const parts: React.ReactNode[] = [];
  let at = 0;
  spans.forEach(([s, e], i) => {
    if (s < at) return;
    parts.push(text.slice(at, s), <mark key={i}>{text.slice(s, e)}</mark>);
    at = e;
  });
  parts.push(text.slice(at));
  return <span>{parts}</span>;
}

/**
 * The live queue: a tRPC subscription (SSE) gives the queue, then every held message and decision as it happens, so
 * two moderators see each other's decisions at once.
 */
export function ReviewQueue({ roomId }: { roomId: string | null }) {
  const trpc = useTRPC();
  const [items, setItems] = useState<Item[]>([]);
  const [decided, setDecided] = useState<{ id: string; room: string; decision: string; by: string | null }[]>([]);
  const [fixing, setFixing] = useState<Item | null>(null);
  const sub = useSubscription(
    trpc.review.onQueue.subscriptionOptions(
      { roomId },
      {
        onData: (event) => {
          if (event.kind === 'snapshot') setItems(event.items);
          else if (event.kind === 'held') setItems((now) => (now.some((i) => i.id === event.item.id) ? now : [...now, event.item]));
          else {
            setItems((now) => now.filter((i) => i.id !== event.id));
            setDecided((now) => [{ id: event.id, room: event.room, decision: event.decision, by: event.by }, ...now].slice(0, 20));
          }
        },
      },
    ),
  );
  const approve = useMutation(trpc.review.approve.mutationOptions());
  const reject = useMutation(trpc.review.reject.mutationOptions());
  const failure = approve.error ?? reject.error;
  return (
    <div className="panel">
      <h2>
        Waiting <span className="muted" data-testid="queue-status">({items.length}, {sub.status === 'pending' ? 'live' : sub.status})</span>
      </h2>
      {sub.error && <p className="error">{errorText(sub.error)}</p>}
      {failure && <div className="error" role="alert">{errorText(failure)}</div>}
      {items.length === 0 ? (
        <p className="muted">Nothing held.</p>
      ) : (
        <table aria-label="held messages">
          <thead>
            <tr>
              <th>When</th>
              <th>Room</th>
              <th>User</th>
              <th>Message</th>
              <th>Why</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-testid={`held-${item.id}`}>
                <td>{new Date(item.ts).toLocaleTimeString()}</td>
                <td>{item.room}</td>
                <td>
                  <Link href={`/users/${encodeURIComponent(item.user.id)}`} title={item.user.id}>
                    {item.user.name}
                  </Link>
                </td>
                <td>
                  <Marked text={item.text} hits={item.hits} />
                </td>
                <td>{item.hits.map((h) => `${h.kind === 'word' ? 'word' : h.kind} “${h.term}”`).join(', ') || item.reason}</td>
                <td className="row">
                  <button type="button" onClick={() => approve.mutate({ id: item.id, room: item.room })} disabled={approve.isPending}>
                    Approve
                  </button>
                  <button type="button" onClick={() => reject.mutate({ id: item.id, room: item.room })} disabled={reject.isPending}>
                    Reject
                  </button>
                  {item.hits.some((h) => h.kind === 'word' && h.span) && (
                    <button type="button" onClick={() => setFixing(item)}>
                      Allow this…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {fixing && <AllowThis key={fixing.id} item={fixing} onDone={() => setFixing(null)} />}
      {decided.length > 0 && (
        <>
          <h3>Just decided</h3>
          <ul aria-label="decided">
            {decided.map((d) => (
              <li key={d.id}>
                {d.room} {d.id.slice(-8)}: <strong>{d.decision}</strong> {d.by ? `by ${d.by}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** "Allow this": the proposed phrase (editable), its backtest, then one click to publish it. */
function AllowThis({ item, onDone }: { item: Item; onDone: () => void }) {
  const trpc = useTRPC();
  const [phrase, setPhrase] = useState<string | undefined>(undefined);
  const [scope, setScope] = useState<'room' | 'global'>('room');
  const [force, setForce] = useState(false);
  const proposal = useQuery(trpc.review.proposeAllowed.queryOptions({ room: item.room, id: item.id, scope, ...(phrase ? { phrase } : {}) }));
  const allow = useMutation(trpc.review.allowThis.mutationOptions());
  const p = proposal.data;
  return (
    <div className="panel" aria-label="allow this">
      <h3>Allow this</h3>
      {proposal.error && <p className="error">{errorText(proposal.error)}</p>}
      {p && (
        <>
          <p>
            Matched <mark>{p.message.text.slice(p.span[0], p.span[1])}</mark> (word “{p.term}”). Proposed allowed phrase:
          </p>
          <div className="row">
            <label>
              Phrase
              <input name="allow-phrase" defaultValue={p.phrase} onBlur={(e) => setPhrase(e.target.value.trim() || undefined)} maxLength={200} />
            </label>
            <label>
              Scope
              <select name="allow-scope" value={scope} onChange={(e) => setScope(e.target.value as 'room' | 'global')}>
                <option value="room">room {item.room}</option>
                <option value="global">every room</option>
              </select>
            </label>
          </div>
          <p data-testid="allow-backtest">
            Backtest, last {p.backtest.window}: of {p.backtest.scanned} stored messages{p.backtest.truncated ? ' (most recent only)' : ''}, {p.backtest.affected}{' '}
            had a word hit this phrase lifts; {p.backtest.letThrough} would no longer be refused or masked.
          </p>
          {p.backtest.examples.length > 0 && (
            <ul aria-label="would let through">
              {p.backtest.examples.map((e) => (
                <li key={e.id}>
                  {e.text} <span className="muted">({e.status}{e.clean ? ', let through' : ''})</span>
                </li>
              ))}
            </ul>
          )}
          <label style={{ flexDirection: 'row', alignItems: 'center', color: 'inherit', fontSize: 14 }}>
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> publish even if a regression case is refused
          </label>
          <div className="row">
            <button
              type="button"
              disabled={allow.isPending}
              onClick={() => allow.mutate({ room: item.room, id: item.id, phrase: p.phrase, scope, force }, { onSuccess: () => setTimeout(onDone, 1500) })}
            >
              Publish allowed phrase
            </button>
            <button type="button" onClick={onDone}>
              Cancel
            </button>
          </div>
        </>
      )}
      {allow.error && <div className="error" role="alert">{errorText(allow.error)}</div>}
      {allow.data && (
        <p className="ok" role="status">
          Published as rules version {allow.data.rulesVersion}
          {allow.data.published ? '' : ' (not yet live)'}; kept as regression case {allow.data.regressionCaseId.slice(-8)}
          {allow.data.approved ? '; the message was delivered' : ''}.
        </p>
      )}
    </div>
  );
}
