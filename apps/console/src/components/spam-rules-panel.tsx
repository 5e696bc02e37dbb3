'use client';

import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { TRPCClientError } from '@trpc/client';
import { useState, type FormEvent } from 'react';
import type { AppRouter } from '../server/api/root';
import { errorText, useTRPC } from '../trpc/react';
import { BacktestResult } from './backtest-result';
import { RulesChangeStatus, useLastRulesChange } from './rules-change-status';
import { ScopeSelect } from './scope-select';
import { SPAM_KIND_NAMES, SPAM_KINDS, showParam, type ParamField, type SpamKind } from './spam-kinds';

type SpamRule = inferRouterOutputs<AppRouter>['spam']['list'][number];
const ACTIONS = ['reject', 'mask', 'hold', 'timeout'] as const;
type Action = (typeof ACTIONS)[number];
/** The list filter: every rule, global ones only, or one room's. */
const ALL = '*';
const GLOBAL = '';

/** The form's state: parameters as typed (strings), turned into numbers and lists when sent. */
interface Draft {
  /** set when editing a stored rule */
  id: string | null;
  kind: SpamKind;
  roomId: string;
  action: Action;
  timeoutSeconds: string;
  enabled: boolean;
  params: Record<string, string>;
}

function draftFor(kind: SpamKind, roomId = GLOBAL): Draft {
  return { id: null, kind, roomId, action: 'reject', timeoutSeconds: '60', enabled: true, params: textParams(kind, SPAM_KINDS[kind].start) };
}

function draftOf(rule: SpamRule): Draft {
  return {
    id: rule.id,
    kind: rule.kind,
    roomId: rule.roomId ?? GLOBAL,
    action: rule.action,
    timeoutSeconds: rule.timeoutSeconds === null ? '60' : String(rule.timeoutSeconds),
    enabled: rule.enabled,
    params: textParams(rule.kind, rule.params),
  };
}

function textParams(kind: SpamKind, values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(SPAM_KINDS[kind].fields.map((f) => [f.name, Array.isArray(values[f.name]) ? (values[f.name] as unknown[]).join(', ') : String(values[f.name] ?? '')]));
}

/** Typed text → the values the server checks: an empty number is left out (so the server says it is required). */
function sentParams(kind: SpamKind, params: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of SPAM_KINDS[kind].fields) {
    const raw = (params[f.name] ?? '').trim();
    if (f.type === 'list') out[f.name] = raw === '' ? [] : raw.split(',').map((s) => s.trim()).filter(Boolean);
    else if (f.type === 'choice') out[f.name] = raw;
    else if (raw !== '') out[f.name] = Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

function sentRule(d: Draft) {
  return {
    roomId: d.roomId || null,
    action: d.action,
    timeoutSeconds: d.action === 'timeout' && d.timeoutSeconds.trim() !== '' ? Number(d.timeoutSeconds) : null,
    params: sentParams(d.kind, d.params),
  };
}

/** field → message, from a RULES_INVALID answer, so the form can say it beside the input. */
function fieldIssues(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const issues = (error.data as { issues?: { field: string; message: string }[] } | undefined)?.issues ?? [];
  return Object.fromEntries(issues.map((i) => [i.field.split('.')[0]!, i.message]));
}

function ParamInput({ field, value, onChange, issue }: { field: ParamField; value: string; onChange: (v: string) => void; issue?: string }) {
  const id = `param-${field.name}`;
  return (
    <label htmlFor={id}>
      {field.label}
      {field.type === 'choice' ? (
        <select id={id} name={field.name} value={value} onChange={(e) => onChange(e.target.value)}>
          {field.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      ) : field.type === 'list' ? (
        <input id={id} name={field.name} value={value} placeholder={field.placeholder} onChange={(e) => onChange(e.target.value)} aria-invalid={issue ? true : undefined} />
      ) : (
        <input id={id} name={field.name} type="number" step={field.step} min={field.min} max={field.max} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={issue ? true : undefined} style={{ width: 120 }} />
      )}
      {issue && <span className="error">{issue}</span>}
    </label>
  );
}

/**
 * The spam and flood rules, global and per room: every kind the engine has, its parameters, action, timeout and
 * whether it is on. Adding, saving, enabling or removing a rule publishes one rules version; "Try on the last
 * hour / day" replays the form's rule over stored messages before anything is saved.
 */
export function SpamRulesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<string>(ALL);
  const rules = useQuery(trpc.spam.list.queryOptions(filter === ALL ? {} : { roomId: filter || null }));
  const rooms = useQuery(trpc.rooms.list.queryOptions());
  const [draft, setDraft] = useState<Draft>(() => draftFor('caps'));
  const [lastChange, recordChange] = useLastRulesChange();
  type Trial = ReturnType<typeof sentRule> & { kind: SpamKind; window: 'hour' | 'day' };
  const [trial, setTrial] = useState<Trial | null>(null);
  const backtest = useQuery({ ...trpc.backtest.spamRule.queryOptions(trial ?? skipToken), staleTime: 0, gcTime: 0, retry: false });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.spam.list.pathKey() });
  const done = async (res: { rulesVersion: number; published: boolean }) => {
    recordChange(res);
    await refresh();
  };
  const create = useMutation(trpc.spam.create.mutationOptions({ onSuccess: async (res) => { setDraft(draftFor(draft.kind)); await done(res); } }));
  const update = useMutation(trpc.spam.update.mutationOptions({ onSuccess: async (res) => { setDraft(draftFor(draft.kind)); await done(res); } }));
  const enable = useMutation(trpc.spam.enable.mutationOptions({ onSuccess: done }));
  const remove = useMutation(trpc.spam.remove.mutationOptions({ onSuccess: done }));
  const saving = draft.id ? update : create;
  const issues = fieldIssues(saving.error);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const tryOn = (window: 'hour' | 'day') => {
    const next: Trial = { kind: draft.kind, ...sentRule(draft), window };
    // The same proposal again: read the messages again (new ones may have arrived).
    if (JSON.stringify(next) === JSON.stringify(trial)) backtest.refetch().catch(() => undefined); // its error shows through `backtest.error`
    else setTrial(next);
  };
  const info = SPAM_KINDS[draft.kind];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const rule = sentRule(draft);
    if (draft.id) update.mutate({ id: draft.id, ...rule, enabled: draft.enabled });
    else create.mutate({ kind: draft.kind, ...rule, enabled: draft.enabled });
  };
  const edit = (r: SpamRule) => {
    create.reset();
    update.reset();
    setTrial(null);
    setDraft(draftOf(r));
  };

  return (
    <div className="panel">
      <h2>Spam and flood rules</h2>
      <p className="muted">
        Global rules apply in every room; an enabled room rule of a kind replaces the global rules of that kind in its room. Users with an exempt role
        skip them all.
      </p>
      {/* noValidate: the server checks the rule with the contracts schema and names the field; the browser's own popups would hide that. */}
      <form className="row" onSubmit={submit} aria-label={draft.id ? 'edit spam rule' : 'new spam rule'} noValidate>
        <label>
          Kind
          <select name="kind" value={draft.kind} disabled={draft.id !== null} onChange={(e) => setDraft(draftFor(e.target.value as SpamKind, draft.roomId))}>
            {SPAM_KIND_NAMES.map((k) => (
              <option key={k} value={k}>
                {SPAM_KINDS[k].label}
              </option>
            ))}
          </select>
        </label>
        {info.fields.map((f) => (
          <ParamInput key={`${draft.kind}-${f.name}`} field={f} value={draft.params[f.name] ?? ''} issue={issues[f.name]} onChange={(v) => set({ params: { ...draft.params, [f.name]: v } })} />
        ))}
        <label>
          Action
          <select name="action" value={draft.action} onChange={(e) => set({ action: e.target.value as Action })}>
            {ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        {draft.action === 'timeout' && (
          <label>
            Timeout (s)
            <input name="timeoutSeconds" type="number" min={1} step={1} value={draft.timeoutSeconds} onChange={(e) => set({ timeoutSeconds: e.target.value })} style={{ width: 100 }} />
            {issues.timeoutSeconds && <span className="error">{issues.timeoutSeconds}</span>}
          </label>
        )}
        <ScopeSelect name="spam-scope" value={draft.roomId} onChange={(roomId) => set({ roomId })} />
        <label>
          Enabled
          <input name="enabled" type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        </label>
        <button type="submit" disabled={saving.isPending}>
          {draft.id ? 'Save rule' : 'Add rule'}
        </button>
        {draft.id && (
          <button type="button" className="secondary" onClick={() => setDraft(draftFor(draft.kind))}>
            Cancel
          </button>
        )}
        <button type="button" className="secondary" disabled={backtest.isFetching} onClick={() => tryOn('hour')}>
          Try on last hour
        </button>
        <button type="button" className="secondary" disabled={backtest.isFetching} onClick={() => tryOn('day')}>
          Try on last day
        </button>
      </form>
      <p className="muted">
        {info.label}: hits when {info.hits}.{draft.id && <> Editing <code>{draft.id}</code>.</>}
      </p>
      {saving.error && <div className="error" role="alert">{errorText(saving.error)}</div>}
      {enable.error && <div className="error" role="alert">{errorText(enable.error)}</div>}
      {remove.error && <div className="error" role="alert">{errorText(remove.error)}</div>}
      {trial && backtest.isFetching && <p className="muted">Replaying the stored messages…</p>}
      {trial && backtest.error && <div className="error" role="alert">{errorText(backtest.error)}</div>}
      {trial && backtest.data && !backtest.isFetching && (
        <>
          <p className="muted">
            Backtest of a {SPAM_KINDS[trial.kind].label.toLowerCase()} rule ({trial.action}) — not saved yet
            {SPAM_KINDS[trial.kind].flood && ': a rule that remembers is replayed in time order, its counters starting empty at the first message read'}:
          </p>
          <BacktestResult report={backtest.data} />
        </>
      )}
      <RulesChangeStatus last={lastChange} />

      <div className="row" style={{ margin: '16px 0 8px' }}>
        <label>
          Show
          <select name="filter" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="show rules of">
            <option value={ALL}>all rules</option>
            <option value={GLOBAL}>global only</option>
            {rooms.data?.map((r) => (
              <option key={r.id} value={r.id}>
                room {r.id}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rules.error && <p className="error">{errorText(rules.error)}</p>}
      <table>
        <thead>
          <tr>
            <th>Kind</th>
            <th>Parameters</th>
            <th>Action</th>
            <th>Scope</th>
            <th>Enabled</th>
            <th>Id</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.data?.map((r) => (
            <tr key={r.id} className={r.enabled ? undefined : 'disabled'} data-testid={`spam-rule-${r.id}`}>
              <td>{SPAM_KINDS[r.kind].label}</td>
              <td>
                {SPAM_KINDS[r.kind].fields.map((f) => (
                  <span key={f.name} style={{ marginRight: 10 }}>
                    <span className="muted">{f.name}</span> {showParam(r.params[f.name])}
                  </span>
                ))}
              </td>
              <td>
                {r.action}
                {r.action === 'timeout' && r.timeoutSeconds !== null && <span className="muted"> {r.timeoutSeconds} s</span>}
              </td>
              <td>{r.roomId ?? <span className="badge">global</span>}</td>
              <td>
                <input
                  type="checkbox"
                  checked={r.enabled}
                  disabled={enable.isPending}
                  onChange={(e) => enable.mutate({ id: r.id, enabled: e.target.checked })}
                  aria-label={`enable ${r.id}`}
                />
              </td>
              <td className="muted">
                <code>{r.id.startsWith('default-') ? r.id : r.id.slice(-8)}</code>
              </td>
              <td style={{ whiteSpace: 'nowrap' }}>
                <button className="secondary" onClick={() => edit(r)} aria-label={`edit ${r.id}`}>
                  Edit
                </button>{' '}
                <button className="danger" onClick={() => remove.mutate({ id: r.id })} disabled={remove.isPending} aria-label={`remove ${r.id}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {rules.data?.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                No spam rules here.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
