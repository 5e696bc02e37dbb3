'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MAX_FIRST_TIME_WAIT_SECONDS, MAX_SLOW_MODE_SECONDS, MAX_TEXT_LENGTH, type RoomModes } from '@tribune/contracts';
import { useEffect, useState } from 'react';
import { errorText, useTRPC } from '../trpc/react';
import { RulesChangeStatus, useLastRulesChange } from './rules-change-status';

type NumberMode = 'slowModeSeconds' | 'maxMessageLength' | 'firstTimeWaitSeconds';
type FlagMode = 'subscribersOnly' | 'emojiOnly' | 'linksOff';

const NUMBER_MODES: { key: NumberMode; label: string; unit: string; min: number; max: number; initial: number; help: string }[] = [
  { key: 'slowModeSeconds', label: 'Slow mode', unit: 's between messages', min: 1, max: MAX_SLOW_MODE_SECONDS, initial: 30, help: 'per user, on every node; moderators and broadcasters skip it' },
  { key: 'maxMessageLength', label: 'Max message length', unit: 'characters', min: 1, max: MAX_TEXT_LENGTH, initial: 200, help: 'for everyone' },
  { key: 'firstTimeWaitSeconds', label: 'First-time chatter wait', unit: 's in the room first', min: 1, max: MAX_FIRST_TIME_WAIT_SECONDS, initial: 60, help: 'counted from the join' },
];
const FLAG_MODES: { key: FlagMode; label: string; help: string }[] = [
  { key: 'subscribersOnly', label: 'Subscriber-only', help: 'role subscriber, moderators and broadcasters' },
  { key: 'emojiOnly', label: 'Emoji-only', help: 'emote-only: emoji and spaces only (Tribune has no emote catalogue)' },
  { key: 'linksOff', label: 'Links off', help: 'no links, plain or obfuscated' },
];

/** A room's modes, each saved the moment it changes: one rules version, published live to every node. */
export function RoomModesPanel({ room }: { room: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.rooms.get.queryOptions({ id: room }));
  const [last, record] = useLastRulesChange();
  const [numbers, setNumbers] = useState<Record<NumberMode, string>>({ slowModeSeconds: '30', maxMessageLength: '200', firstTimeWaitSeconds: '60' });
  useEffect(() => {
    const data = current.data;
    if (!data) return;
    setNumbers((n) => ({
      slowModeSeconds: data.slowModeSeconds === null ? n.slowModeSeconds : String(data.slowModeSeconds),
      maxMessageLength: data.maxMessageLength === null ? n.maxMessageLength : String(data.maxMessageLength),
      firstTimeWaitSeconds: data.firstTimeWaitSeconds === null ? n.firstTimeWaitSeconds : String(data.firstTimeWaitSeconds),
    }));
  }, [current.data]);
  const save = useMutation(
    trpc.rooms.setModes.mutationOptions({
      onSuccess: (res) => {
        record(res);
        return queryClient.invalidateQueries({ queryKey: trpc.rooms.pathKey() });
      },
    }),
  );
  if (current.error) return <p className="error">{errorText(current.error)}</p>;
  // While a change is saving, show it (the boxes flip at once); the saved row replaces it when it lands.
  const data = current.data && save.isPending && save.variables ? { ...current.data, ...save.variables.modes } : current.data;
  const set = (modes: Partial<RoomModes>) => save.mutate({ id: room, modes });
  /** The typed number, saved when the mode is on and the value changed. */
  const commit = (key: NumberMode) => {
    if (!data || data[key] === null) return;
    const value = Number(numbers[key]);
    if (numbers[key] !== '' && value !== data[key]) set({ [key]: value });
  };

  return (
    <div className="panel" aria-label="room modes">
      <h2>
        Modes <span className="muted">saved as you change them; enforced by every chat node within a second</span>
      </h2>
      {data?.status !== 'open' && data && (
        <p className="muted">
          The room is <strong>{data.status}</strong>: read-only whatever the modes (change it in Room settings).
        </p>
      )}
      <table>
        <tbody>
          {NUMBER_MODES.map((m) => {
            const on = data ? data[m.key] !== null : false;
            return (
              <tr key={m.key}>
                <td style={{ width: 240 }}>
                  <label style={{ flexDirection: 'row', alignItems: 'center', color: 'inherit', fontSize: 14 }}>
                    <input
                      type="checkbox"
                      name={m.key}
                      checked={on}
                      disabled={!data || save.isPending}
                      onChange={(e) => set({ [m.key]: e.target.checked ? Number(numbers[m.key]) || m.initial : null })}
                    />
                    {m.label}
                  </label>
                </td>
                <td>
                  <input
                    type="number"
                    aria-label={`${m.label} value`}
                    min={m.min}
                    max={m.max}
                    value={numbers[m.key]}
                    disabled={!on || save.isPending}
                    style={{ width: 90 }}
                    onChange={(e) => setNumbers((n) => ({ ...n, [m.key]: e.target.value }))}
                    onBlur={() => commit(m.key)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') commit(m.key);
                    }}
                  />{' '}
                  <span className="muted">
                    {m.unit} ({m.min}–{m.max}); {m.help}
                  </span>
                </td>
                <td>{on ? <span className="badge warn">on</span> : <span className="badge">off</span>}</td>
              </tr>
            );
          })}
          {FLAG_MODES.map((m) => {
            const on = data ? data[m.key] : false;
            return (
              <tr key={m.key}>
                <td>
                  <label style={{ flexDirection: 'row', alignItems: 'center', color: 'inherit', fontSize: 14 }}>
                    <input type="checkbox" name={m.key} checked={on} disabled={!data || save.isPending} onChange={(e) => set({ [m.key]: e.target.checked })} />
                    {m.label}
                  </label>
                </td>
                <td className="muted">{m.help}</td>
                <td>{on ? <span className="badge warn">on</span> : <span className="badge">off</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {save.error && (
        <div className="error" role="alert">
          {errorText(save.error)}
        </div>
      )}
      <RulesChangeStatus last={last} />
    </div>
  );
}
