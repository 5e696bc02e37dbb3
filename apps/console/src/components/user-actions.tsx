'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorText, useTRPC } from '../trpc/react';

const UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const;
type Unit = keyof typeof UNITS;

/** A duration as a number and a unit (1 s – 14 d for a timeout; the server checks the range and names the field). */
function Duration({ name, label, value, unit, onChange, optional }: { name: string; label: string; value: string; unit: Unit; onChange: (value: string, unit: Unit) => void; optional?: boolean }) {
  return (
    <label>
      {label}
      <span className="row">
        <input name={name} aria-label={label} type="number" min={1} step={1} value={value} placeholder={optional ? 'none' : undefined} onChange={(e) => onChange(e.target.value, unit)} style={{ width: 90 }} />
        <select name={`${name}-unit`} aria-label={`${label} unit`} value={unit} onChange={(e) => onChange(value, e.target.value as Unit)}>
          {Object.keys(UNITS).map((u) => (
            <option key={u}>{u}</option>
          ))}
        </select>
      </span>
    </label>
  );
}

const secondsOf = (value: string, unit: Unit) => Math.round(Number(value) * UNITS[unit]);
const durationText = (s: number) => (s % 86_400 === 0 ? `${s / 86_400} d` : s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`);

/** Timeout, ban and purge of one viewer, with a reason and "announce" for the room; refusals shown here, naming the field. */
export function SanctionActions({ userId, rooms }: { userId: string; rooms: string[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const allRooms = useQuery(trpc.rooms.list.queryOptions());
  const [room, setRoom] = useState(rooms[0] ?? '');
  const [reason, setReason] = useState('');
  const [announce, setAnnounce] = useState(false);
  const [timeout, setTimeoutValue] = useState<{ value: string; unit: Unit }>({ value: '10', unit: 'minutes' });
  const [banScope, setBanScope] = useState<'room' | 'global'>('room');
  const [banExpiry, setBanExpiry] = useState<{ value: string; unit: Unit }>({ value: '', unit: 'days' });
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.users.get.pathKey() });
  const onSuccess = (text: string) => () => {
    setDone(text);
    // A failed refetch shows on the page query itself.
    refresh().catch(() => undefined);
  };
  const timeoutM = useMutation(trpc.sanctions.timeout.mutationOptions());
  const ban = useMutation(trpc.sanctions.ban.mutationOptions());
  const purge = useMutation(trpc.messages.purgeUser.mutationOptions());
  const failure = timeoutM.error ?? ban.error ?? purge.error;
  const reset = () => {
    setDone(null);
    timeoutM.reset();
    ban.reset();
    purge.reset();
  };
  const common = { userId, ...(reason.trim() ? { reason: reason.trim() } : {}) };
  const doTimeout = () => {
    reset();
    const seconds = secondsOf(timeout.value, timeout.unit);
    timeoutM.mutate({ ...common, room, seconds, announce }, { onSuccess: onSuccess(`Timed out in ${room} for ${durationText(seconds)}.`) });
  };
  const doBan = () => {
    reset();
    const expires = banExpiry.value.trim() ? secondsOf(banExpiry.value, banExpiry.unit) : undefined;
    const where = banScope === 'global' ? null : room;
    ban.mutate(
      { ...common, room: where, announce, ...(expires !== undefined ? { expiresInSeconds: expires } : {}) },
      { onSuccess: onSuccess(`Banned ${where === null ? 'from every room' : `from ${where}`}${expires ? ` for ${durationText(expires)}` : ' until lifted'}.`) },
    );
  };
  const doPurge = () => {
    reset();
    purge.mutate({ ...common, room }, { onSuccess: (r) => onSuccess(`Purged ${r.deleted} message(s) from ${room}.`)() });
  };
  return (
    <section className="panel" aria-label="actions">
      <h2>Act on this user</h2>
      <form className="row" aria-label="sanction" onSubmit={(e: FormEvent) => e.preventDefault()}>
        <label>
          Room
          <input name="room" list="user-action-rooms" value={room} onChange={(e) => setRoom(e.target.value)} />
          <datalist id="user-action-rooms">
            {[...new Set([...rooms, ...(allRooms.data?.map((r) => r.id) ?? [])])].map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </label>
        <label>
          Reason (optional)
          <input name="reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </label>
        <label style={{ flexDirection: 'row', alignItems: 'center' }}>
          <input name="announce" type="checkbox" checked={announce} onChange={(e) => setAnnounce(e.target.checked)} /> announce in the room
        </label>
      </form>
      <div className="row" style={{ marginTop: 12 }}>
        <Duration name="timeout" label="Timeout for (1 s – 14 days)" value={timeout.value} unit={timeout.unit} onChange={(value, unit) => setTimeoutValue({ value, unit })} />
        <button type="button" onClick={doTimeout} disabled={timeoutM.isPending}>
          Time out
        </button>
      </div>
      <div className="row" style={{ marginTop: 12 }}>
        <label>
          Ban from
          <select name="ban-scope" value={banScope} onChange={(e) => setBanScope(e.target.value as 'room' | 'global')}>
            <option value="room">this room</option>
            <option value="global">every room</option>
          </select>
        </label>
        <Duration name="ban-expiry" label="Expires after (empty = until lifted)" value={banExpiry.value} unit={banExpiry.unit} optional onChange={(value, unit) => setBanExpiry({ value, unit })} />
        <button type="button" className="danger" onClick={doBan} disabled={ban.isPending}>
          Ban
        </button>
        <button type="button" className="danger" onClick={doPurge} disabled={purge.isPending}>
          Purge from room
        </button>
      </div>
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {failure && (
        <div className="error" role="alert">
          {errorText(failure)}
        </div>
      )}
    </section>
  );
}

/** Lifts one active sanction. */
export function LiftButton({ userId, sanction }: { userId: string; sanction: { kind: 'timeout' | 'ban'; room: string | null } }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const lift = useMutation(trpc.sanctions.lift.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.users.get.pathKey() }) }));
  return (
    <>
      <button type="button" className="secondary" onClick={() => lift.mutate({ userId, room: sanction.room, kind: sanction.kind })} disabled={lift.isPending}>
        Lift
      </button>
      {lift.error && <span className="error" role="alert"> {errorText(lift.error)}</span>}
    </>
  );
}

/** Deletes one message: it leaves the room's history and every viewer's screen on every node. */
export function DeleteMessageButton({ room, id, onDeleted }: { room: string; id: string; onDeleted: () => void }) {
  const trpc = useTRPC();
  const del = useMutation(trpc.messages.delete.mutationOptions({ onSuccess: onDeleted }));
  return (
    <>
      <button type="button" className="danger" onClick={() => del.mutate({ room, id })} disabled={del.isPending}>
        Delete
      </button>
      {del.error && <span className="error" role="alert"> {errorText(del.error)}</span>}
    </>
  );
}
