'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MAX_SLOW_MODE_SECONDS } from '@tribune/contracts';
import { useEffect, useState } from 'react';
import type { ProtectionSettings } from '../server/protection/protection-settings';
import { errorText, useTRPC } from '../trpc/react';

type NumberField = 'slowModeSeconds' | 'durationSeconds' | 'factor' | 'minRatePerSecond' | 'minRefusedPercent';

const FIELDS: { key: NumberField; label: string; unit: string; min: number; max: number; step: number }[] = [
  { key: 'factor', label: 'Spike at', unit: '× the room’s 10-minute median', min: 1.5, max: 100, step: 0.5 },
  { key: 'minRatePerSecond', label: 'and at least', unit: 'messages/s', min: 0.5, max: 100_000, step: 0.5 },
  { key: 'minRefusedPercent', label: 'or refused share at least', unit: '% of a 10 s window', min: 1, max: 100, step: 1 },
  { key: 'slowModeSeconds', label: 'Slow mode it sets', unit: `s between messages (1–${MAX_SLOW_MODE_SECONDS})`, min: 1, max: MAX_SLOW_MODE_SECONDS, step: 1 },
  { key: 'durationSeconds', label: 'Stays on for', unit: 's after the spike (kept on while it lasts)', min: 5, max: 86_400, step: 5 },
];

const time = (d: Date) => d.toLocaleTimeString(undefined, { hour12: false });

/**
 * A room's automatic protection: arm it, tune what counts as a spike and what it does, and see what it did. Each
 * automatic mode change is a rules version with its reason (listed below, and in the rules versions).
 */
export function RoomProtectionPanel({ room }: { room: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Engagements happen without the operator: refresh the state while the page is open.
  const current = useQuery({ ...trpc.protection.get.queryOptions({ room }), refetchInterval: 3000 });
  const [form, setForm] = useState<Record<NumberField, string> | null>(null);
  const [action, setAction] = useState<ProtectionSettings['action']>('slow_mode');
  useEffect(() => {
    const s = current.data?.settings;
    if (!s || form) return;
    setForm({
      slowModeSeconds: String(s.slowModeSeconds),
      durationSeconds: String(s.durationSeconds),
      factor: String(s.factor),
      minRatePerSecond: String(s.minRatePerSecond),
      minRefusedPercent: String(s.minRefusedPercent),
    });
    setAction(s.action);
  }, [current.data, form]);
  // An engagement or revert changed the room's modes: the modes panel above reads them afresh.
  const engagedSince = current.data ? (current.data.engaged?.since.getTime() ?? null) : undefined;
  useEffect(() => {
    if (engagedSince === undefined) return;
    // A failed refetch shows in the modes panel itself; nothing to do here.
    queryClient.invalidateQueries({ queryKey: trpc.rooms.pathKey() }).catch(() => undefined);
  }, [engagedSince, queryClient, trpc]);
  const save = useMutation(
    trpc.protection.configure.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.protection.pathKey() }).then(() => queryClient.invalidateQueries({ queryKey: trpc.rooms.pathKey() })),
    }),
  );
  if (current.error) return <p className="error">{errorText(current.error)}</p>;
  const data = current.data;
  const settingsFromForm = (): Partial<ProtectionSettings> => (form ? { action, ...Object.fromEntries(FIELDS.map((f) => [f.key, Number(form[f.key])])) } : {});

  return (
    <div className="panel" aria-label="automatic protection">
      <h2>
        Automatic protection <span className="muted">slows the room down by itself when its traffic jumps, then restores it</span>
      </h2>
      <p>
        {!data ? (
          '…'
        ) : data.engaged ? (
          <>
            <span className="badge warn">engaged</span> since {time(data.engaged.since)}, until at least {time(data.engaged.until)} — {data.engaged.reason}
          </>
        ) : data.settings.armed ? (
          <>
            <span className="badge ok">armed</span> watching the room every few seconds
          </>
        ) : (
          <>
            <span className="badge">off</span> the room is not watched
          </>
        )}
      </p>
      {/* The server's check names the field (settings.factor…); the browser's own bubble would not say which rule. */}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ room, settings: settingsFromForm() });
        }}
      >
        <table>
          <tbody>
            <tr>
              <td style={{ width: 240 }}>Action</td>
              <td>
                <select aria-label="protection action" value={action} onChange={(e) => setAction(e.target.value as ProtectionSettings['action'])}>
                  <option value="slow_mode">slow mode</option>
                  <option value="subscribers_only">subscriber-only</option>
                </select>
              </td>
            </tr>
            {FIELDS.map((f) => (
              <tr key={f.key}>
                <td>{f.label}</td>
                <td>
                  <input
                    type="number"
                    aria-label={f.label}
                    name={f.key}
                    min={f.min}
                    max={f.max}
                    step={f.step}
                    style={{ width: 100 }}
                    value={form?.[f.key] ?? ''}
                    disabled={!form || (f.key === 'slowModeSeconds' && action !== 'slow_mode')}
                    onChange={(e) => setForm((v) => (v ? { ...v, [f.key]: e.target.value } : v))}
                  />{' '}
                  <span className="muted">{f.unit}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
          <button type="submit" disabled={!form || save.isPending}>
            Save settings
          </button>
          {data && (
            <button type="button" disabled={save.isPending} onClick={() => save.mutate({ room, settings: { ...settingsFromForm(), armed: !data.settings.armed } })}>
              {data.settings.armed ? 'Disarm' : 'Arm this room'}
            </button>
          )}
        </div>
      </form>
      {save.error && (
        <div className="error" role="alert">
          {errorText(save.error)}
        </div>
      )}
      {data && data.events.length > 0 && (
        <>
          <h3 style={{ fontSize: 14, marginTop: 12 }}>What it did</h3>
          <table aria-label="protection events">
            <tbody>
              {data.events.map((e) => (
                <tr key={e.id}>
                  <td style={{ width: 90 }}>{time(e.at)}</td>
                  <td style={{ width: 90 }}>
                    <span className={e.kind === 'engaged' || e.kind === 'extended' ? 'badge warn' : 'badge'}>{e.kind}</span>
                  </td>
                  <td>{e.reason}</td>
                  <td className="muted">{e.rulesVersion === null ? '' : `v${e.rulesVersion}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
