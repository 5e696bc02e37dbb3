'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { serverFrame, type ClientFrame } from '@tribune/contracts';
import { useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorText, useTRPC } from '../trpc/react';

/** `id`: the message's, so a `deleted` frame removes its line. */
type Line = { key: string; kind: 'msg' | 'sys' | 'err'; text: string; id?: string };

let seq = 0;
const nextKey = () => `${Date.now()}-${seq++}`;

/**
 * A person chatting by hand: a viewer token minted server-side, a WebSocket to the chosen node,
 * the frames of docs/protocol.md shown as they arrive (messages, acks with their status, errors).
 */
export function DemoChat() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const [room, setRoom] = useState(params.get('room') ?? 'demo');
  const [name, setName] = useState('Alice');
  const [userId, setUserId] = useState(() => `demo-${Math.random().toString(36).slice(2, 8)}`);
  const [role, setRole] = useState('');
  const [node, setNode] = useState(0);
  const [text, setText] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [state, setState] = useState<'idle' | 'connecting' | 'open' | 'closed'>('idle');
  const socket = useRef<WebSocket | null>(null);
  /** The last message seen per room: a reconnect joins with `since` and gets what it missed. */
  const lastSeen = useRef<Map<string, string>>(new Map());
  const log = useRef<HTMLDivElement | null>(null);
  const config = useQuery(trpc.chat.config.queryOptions());
  const mint = useMutation(trpc.chat.mintViewerToken.mutationOptions());

  const push = (kind: Line['kind'], line: string, id?: string) => setLines((prev) => [...prev.slice(-300), { key: nextKey(), kind, text: line, ...(id ? { id } : {}) }]);

  useEffect(() => () => socket.current?.close(), []);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [lines]);

  const send = (frame: ClientFrame) => socket.current?.send(JSON.stringify(frame));

  const connect = async (e: FormEvent) => {
    e.preventDefault();
    socket.current?.close();
    const url = config.data?.nodeUrls[node];
    if (!url) return;
    setState('connecting');
    const { token } = await mint.mutateAsync({ userId, name, roles: role ? [role] : [], allowExemptRoles: role === 'moderator' }).catch((err: unknown) => {
      push('err', errorText(err));
      setState('idle');
      return { token: null };
    });
    if (!token) return;
    const ws = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
    socket.current = ws;
    ws.onopen = () => {
      setState('open');
      push('sys', `connected to ${url} as ${name}`);
      const since = lastSeen.current.get(room);
      send({ type: 'join', room, ...(since ? { since } : {}) });
    };
    ws.onclose = (ev) => {
      if (socket.current === ws) setState('closed');
      push('sys', `disconnected (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`);
    };
    ws.onerror = () => push('err', `could not reach ${url}`);
    ws.onmessage = (ev) => {
      const parsed = serverFrame.safeParse(JSON.parse(String(ev.data)));
      if (!parsed.success) return push('err', `unexpected frame: ${String(ev.data).slice(0, 200)}`);
      const f = parsed.data;
      switch (f.type) {
        case 'joined': {
          const caughtUp = f.recovered === undefined ? '' : f.recovered ? ` · ${f.history.length} missed messages recovered` : ' · some messages were missed';
          push(f.recovered === false ? 'err' : 'sys', `joined ${f.room} · ${f.viewers} viewers${caughtUp}`);
          // history is newest first: print oldest first, like a chat log.
          for (const m of [...f.history].reverse()) push('msg', `${m.user.name}: ${m.text}`, m.id);
          if (f.history[0]) lastSeen.current.set(f.room, f.history[0].id);
          break;
        }
        case 'message':
          push('msg', `${f.user.name}: ${f.text}`, f.id);
          lastSeen.current.set(f.room, f.id);
          break;
        case 'messages':
          // A busy room: several messages in one frame, oldest first.
          for (const m of f.messages) push('msg', `${m.user.name}: ${m.text}`, m.id);
          lastSeen.current.set(f.room, f.messages[f.messages.length - 1]!.id);
          break;
        case 'ack':
          // Delivered (as sent or masked) is the normal path; anything else the sender should notice.
          push(f.status === 'accepted' || f.status === 'masked' ? 'sys' : 'err', `ack ${f.cid}: ${f.status}${f.reason ? ` (${f.reason})` : ''}`);
          break;
        case 'deleted':
          // Removed by a moderator: the line goes, as it goes from every viewer's screen.
          setLines((prev) => prev.filter((l) => l.id !== f.id));
          push('sys', `message ${f.id} deleted`);
          break;
        case 'notice':
          push('sys', `notice: ${f.text}`);
          break;
        case 'error':
          push('err', `error ${f.code}: ${f.message}`);
          break;
        case 'pong':
          break;
      }
    };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    send({ type: 'send', room, text, cid: nextKey() });
    setText('');
  };

  /** Ten numbered copies at once: what a busy room looks like (they arrive batched in `messages` frames). */
  const burst = () => {
    if (!text.trim()) return;
    for (let i = 1; i <= 10; i++) send({ type: 'send', room, text: `${text} #${i}`, cid: nextKey() });
    setText('');
  };

  return (
    <>
      <div className="panel">
        <form className="row" onSubmit={(e) => {
            connect(e).catch((err: unknown) => push('err', errorText(err)));
          }} aria-label="connect">
          <label>
            Room
            <input name="room" value={room} onChange={(e) => setRoom(e.target.value)} required />
          </label>
          <label>
            Display name
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
          <label>
            User id
            <input name="userId" value={userId} onChange={(e) => setUserId(e.target.value)} required />
          </label>
          <label>
            Role
            <select name="role" value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="">viewer</option>
              <option value="subscriber">subscriber</option>
              {/* Choosing it is the explicit ask the server requires for a spam-exempt role. */}
              <option value="moderator">moderator (skips spam rules)</option>
            </select>
          </label>
          <label>
            Node
            <select name="node" value={node} onChange={(e) => setNode(Number(e.target.value))}>
              {config.data?.nodeUrls.map((u, i) => (
                <option key={u} value={i}>
                  {u}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={state === 'connecting' || !config.data}>
            {state === 'open' ? 'Reconnect' : 'Connect'}
          </button>
        </form>
      </div>
      <div className="panel">
        <div className="chat-log" ref={log} data-testid="chat-log">
          {lines.map((l) => (
            <div key={l.key} className={l.kind === 'msg' ? '' : l.kind}>
              {l.text}
            </div>
          ))}
          {lines.length === 0 && <div className="sys">Connect to start chatting.</div>}
        </div>
        <form className="row" onSubmit={submit} style={{ marginTop: 8 }} aria-label="send message">
          <input name="text" value={text} onChange={(e) => setText(e.target.value)} style={{ flex: 1 }} maxLength={2000} placeholder="Say something" disabled={state !== 'open'} />
          <button type="submit" disabled={state !== 'open'}>
            Send
          </button>
          <button type="button" onClick={burst} disabled={state !== 'open'}>
            Send ×10
          </button>
        </form>
      </div>
    </>
  );
}
