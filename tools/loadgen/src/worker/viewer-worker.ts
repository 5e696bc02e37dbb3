import { WebSocket, type RawData } from 'ws';
import type { ServerFrame } from '@tribune/contracts';
import { decode, joinFrame, opened, plumbing, type Dialect } from './dialect';
import { sourceAddress } from './source-address';
import type { ToWorker, WorkerReport } from './worker-protocol';

// One load-generator process: up to ~9,000 real WebSocket viewers (the process may hold 20,000 files),
// driven by the bench over IPC. Every viewer counts every frame and every message in it; one viewer in
// `probeEvery` also parses each frame fully and records publish→receive latency from the sender's
// timestamp in the text (`b:<sentAtMs>:<seq>`). The others count messages by their text marker in the
// raw bytes, so the load generator spends as little CPU per delivery as it can.

const MARKER = Buffer.from('"text":"b:');

interface Viewer {
  ws: WebSocket;
  url: string;
  index: number;
  probe: boolean;
  messages: number;
  joined: boolean;
  /** The last frame with room messages, kept (a reference, not a copy) to rejoin with `since`. */
  last: Buffer | null;
}

const viewers: Viewer[] = [];
/** Slow readers: joined, then paused; the close code the server sent, once they read again. */
const slowViewers: { ws: WebSocket; closeCode: number | null }[] = [];
let room = '';
let dialect: Dialect = 'tribune';
let frames = 0;
let latencies: number[] = [];
let cpuAtReset = process.cpuUsage();
let wallAtReset = performance.now();
let closedByServer = 0;
let lastMessageAt = 0;

function countMarkers(buf: Buffer): number {
  let n = 0;
  for (let at = buf.indexOf(MARKER); at !== -1; at = buf.indexOf(MARKER, at + MARKER.length)) n++;
  return n;
}

function onProbeFrame(viewer: Viewer, frame: ServerFrame): void {
  const now = Date.now();
  const texts = frame.type === 'message' ? [frame.text] : frame.type === 'messages' ? frame.messages.map((m) => m.text) : [];
  for (const text of texts) {
    if (!text.startsWith('b:')) continue;
    viewer.messages++;
    latencies.push(now - Number(text.slice(2, text.indexOf(':', 2))));
  }
}

/** The id of the last room message in a frame the viewer kept. */
function lastId(buf: Buffer | null): string | undefined {
  if (!buf) return undefined;
  const frame = decode(dialect, buf);
  if (frame.type === 'message') return frame.id;
  if (frame.type === 'messages') return frame.messages.at(-1)?.id;
  if (frame.type === 'joined') return frame.history[0]?.id;
  return undefined;
}

interface Joined {
  ok: boolean;
  /** `joined.recovered` when the join carried `since`. */
  recovered?: boolean;
  /** Join frame sent → `joined` received. */
  ms: number;
}

/**
 * Connects `viewer` (again) and joins the room, with `since` when given; resolves once it is joined.
 * On a rejoin, the messages `joined.history` recovers are counted as received.
 */
function attach(viewer: Viewer, since: string | undefined): Promise<Joined> {
  return new Promise((resolve) => {
    const failed = (reason: string) => {
      // An error is followed by a close: the first says why.
      if (!settled) failures.set(reason, (failures.get(reason) ?? 0) + 1);
      done({ ok: false, ms: 0 });
    };
    const ws = new WebSocket(viewer.url, { localAddress: sourceAddress(viewer.index), perMessageDeflate: false });
    viewer.ws = ws;
    viewer.joined = false;
    let sentJoinAt = 0;
    let settled = false;
    const done = (result: Joined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      ws.terminate();
      failed('no joined in 30 s');
    }, 30_000);
    const join = () => {
      sentJoinAt = performance.now();
      ws.send(joinFrame(dialect, room, since));
    };
    const send = (d: string) => ws.send(d);
    ws.on('open', () => opened(dialect, send, join));
    ws.on('message', (data: RawData) => {
      const buf = data as Buffer;
      if (plumbing(dialect, buf, send, join)) return;
      frames++;
      const before = viewer.messages;
      if (!viewer.joined) {
        if (!buf.includes('"type":"joined"')) {
          if (buf.includes('"type":"error"')) failed(`error frame ${/"code":"?(\w+)/.exec(buf.toString('utf8'))?.[1] ?? '?'}`);
          return;
        }
        viewer.joined = true;
        const joined = decode(dialect, buf) as Extract<ServerFrame, { type: 'joined' }>;
        if (since !== undefined && joined.recovered) viewer.messages += countMarkers(buf);
        if (joined.history.length > 0) viewer.last = buf;
        done({ ok: true, recovered: joined.recovered, ms: performance.now() - sentJoinAt });
        return;
      }
      if (viewer.probe) onProbeFrame(viewer, decode(dialect, buf));
      else viewer.messages += countMarkers(buf);
      if (viewer.messages > before) {
        lastMessageAt = Date.now();
        viewer.last = buf;
      }
    });
    ws.on('error', (err: NodeJS.ErrnoException) => failed(`socket error ${err.code ?? err.message.slice(0, 40)}`));
    ws.on('close', (code: number) => {
      if (settled && viewer.joined && viewer.ws === ws) closedByServer++;
      if (!settled) failed(`closed ${code} before joined`);
    });
  });
}

/** Closes a socket and waits for the close to complete (as a client does before it reconnects), at most 2 s. */
function closeAndWait(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const timer = setTimeout(() => {
      ws.terminate();
      resolve();
    }, 2000);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close();
  });
}

/** Why connection attempts failed (socket error code, close code, error frame code), counted since the last storm began. */
const failures = new Map<string, number>();

/** What the protocol asks of a client refused or cut off: retry with exponential backoff and jitter. */
async function rejoin(viewer: Viewer, since: string | undefined): Promise<Joined & { attempts: number }> {
  const attempts = 6;
  for (let attempt = 1; ; attempt++) {
    const joined = await attach(viewer, since);
    if (joined.ok || attempt === attempts) return { ...joined, attempts: attempt };
    await new Promise((r) => setTimeout(r, Math.min(4000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random())));
  }
}

async function storm(msg: Extract<ToWorker, { op: 'storm' }>): Promise<void> {
  const t0 = performance.now();
  failures.clear();
  const results = await Promise.all(
    viewers.map(async (viewer) => {
      await new Promise((r) => setTimeout(r, Math.random() * msg.withinMs));
      // What it has is what it asks after; frames still on their way to the old socket are not read.
      const since = lastId(viewer.last);
      const old = viewer.ws;
      old.removeAllListeners('message');
      old.removeAllListeners('close');
      await closeAndWait(old);
      const joined = await rejoin(viewer, since);
      return { ...joined, at: performance.now() - t0, asked: since !== undefined };
    }),
  );
  send({
    op: 'stormed',
    rejoined: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
    retries: results.reduce((n, r) => n + r.attempts - 1, 0),
    failureReasons: Object.fromEntries(failures),
    recovered: results.filter((r) => r.recovered === true).length,
    notRecovered: results.filter((r) => r.ok && r.asked && r.recovered !== true).length,
    joinMs: results.filter((r) => r.ok).map((r) => r.ms),
    lastRejoinMs: Math.max(0, ...results.filter((r) => r.ok).map((r) => r.at)),
  });
}

async function connect(msg: Extract<ToWorker, { op: 'connect' }>): Promise<void> {
  const t0 = performance.now();
  room = msg.room;
  dialect = msg.dialect ?? 'tribune';
  let ok = 0;
  let failed = 0;
  for (let start = 0; start < msg.count; start += msg.concurrency) {
    const batch: Promise<void>[] = [];
    for (let i = start; i < Math.min(msg.count, start + msg.concurrency); i++) {
      const index = msg.firstIndex + i;
      const viewer: Viewer = { ws: null as unknown as WebSocket, url: msg.urls[index % msg.urls.length]!, index, probe: index % msg.probeEvery === 0, messages: 0, joined: false, last: null };
      batch.push(
        attach(viewer, undefined).then((joined) => {
          if (joined.ok) {
            viewers.push(viewer);
            ok++;
          } else failed++;
        }),
      );
    }
    await Promise.all(batch);
  }
  send({ op: 'connected', ok, failed, ms: performance.now() - t0 });
}

/** Joins like a viewer, then stops reading: the socket is paused and stays so until `slowCheck`. */
function attachSlow(url: string, index: number): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { localAddress: sourceAddress(index), perMessageDeflate: false });
    const entry = { ws, closeCode: null as number | null };
    const timer = setTimeout(() => {
      ws.terminate();
      resolve(false);
    }, 30_000);
    const send = (d: string) => ws.send(d);
    const join = () => ws.send(joinFrame(dialect, room));
    ws.on('open', () => opened(dialect, send, join));
    ws.on('message', (data: RawData) => {
      if (plumbing(dialect, data as Buffer, send, join)) return;
      if (ws.isPaused || !(data as Buffer).includes('"type":"joined"')) return;
      clearTimeout(timer);
      ws.pause();
      slowViewers.push(entry);
      resolve(true);
    });
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      entry.closeCode = code;
      clearTimeout(timer);
      resolve(false);
    });
  });
}

async function openSlow(msg: Extract<ToWorker, { op: 'slow' }>): Promise<void> {
  room = msg.room;
  dialect = msg.dialect ?? 'tribune';
  let ok = 0;
  let failed = 0;
  for (let start = 0; start < msg.count; start += msg.concurrency) {
    const batch: Promise<boolean>[] = [];
    for (let i = start; i < Math.min(msg.count, start + msg.concurrency); i++) batch.push(attachSlow(msg.urls[(msg.firstIndex + i) % msg.urls.length]!, msg.firstIndex + i));
    for (const joined of await Promise.all(batch)) if (joined) ok++;
    else failed++;
  }
  send({ op: 'slowOpened', ok, failed });
}

/** Lets the slow readers read again, then (after what they had buffered is read) reports how they ended. */
async function slowCheck(): Promise<void> {
  for (const s of slowViewers) s.ws.resume();
  const deadline = performance.now() + 5000;
  while (performance.now() < deadline && slowViewers.some((s) => s.ws.readyState === WebSocket.CLOSING)) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  send({
    op: 'slowChecked',
    slow: slowViewers.length,
    cut: slowViewers.filter((s) => s.closeCode === 4009).length,
    otherClose: slowViewers.filter((s) => s.closeCode !== null && s.closeCode !== 4009).length,
    open: slowViewers.filter((s) => s.ws.readyState === WebSocket.OPEN).length,
  });
}

function report(expected: number, countsOnly: boolean): WorkerReport {
  const cpu = process.cpuUsage(cpuAtReset);
  let messages = 0;
  let complete = 0;
  for (const v of viewers) {
    messages += v.messages;
    if (v.messages >= expected) complete++;
  }
  return {
    op: 'report',
    viewers: viewers.length,
    open: viewers.filter((v) => v.ws.readyState === WebSocket.OPEN).length,
    closedByServer,
    frames,
    messages,
    complete,
    latencies: countsOnly ? [] : latencies,
    lastMessageAt,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - wallAtReset,
  };
}

function send(msg: unknown): void {
  process.send?.(msg);
}

process.on('message', (raw: unknown) => {
  const msg = raw as ToWorker;
  switch (msg.op) {
    case 'connect':
      connect(msg).catch((err: unknown) => send({ op: 'error', message: String(err) }));
      return;
    case 'storm':
      storm(msg).catch((err: unknown) => send({ op: 'error', message: String(err) }));
      return;
    case 'reset':
      frames = 0;
      latencies = [];
      lastMessageAt = 0;
      for (const v of viewers) v.messages = 0;
      cpuAtReset = process.cpuUsage();
      wallAtReset = performance.now();
      send({ op: 'reset' });
      return;
    case 'report':
      send(report(msg.expected, msg.countsOnly ?? false));
      return;
    case 'slow':
      openSlow(msg).catch((err: unknown) => send({ op: 'error', message: String(err) }));
      return;
    case 'slowCheck':
      slowCheck().catch((err: unknown) => send({ op: 'error', message: String(err) }));
      return;
    case 'close':
      for (const v of viewers) v.ws.terminate();
      for (const s of slowViewers) s.ws.terminate();
      process.exit(0);
  }
});
// The bench going away ends this process too: it never outlives its run.
process.on('disconnect', () => process.exit(0));
