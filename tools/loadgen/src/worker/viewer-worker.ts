import { WebSocket, type RawData } from 'ws';
import type { ServerFrame } from '@tribune/contracts';
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
  probe: boolean;
  messages: number;
  joined: boolean;
}

const viewers: Viewer[] = [];
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

function onProbeFrame(viewer: Viewer, data: Buffer): void {
  const now = Date.now();
  const frame = JSON.parse(data.toString('utf8')) as ServerFrame;
  const texts = frame.type === 'message' ? [frame.text] : frame.type === 'messages' ? frame.messages.map((m) => m.text) : [];
  if (frame.type === 'joined') viewer.joined = true;
  for (const text of texts) {
    if (!text.startsWith('b:')) continue;
    viewer.messages++;
    latencies.push(now - Number(text.slice(2, text.indexOf(':', 2))));
  }
}

function open(url: string, index: number, probe: boolean, room: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { localAddress: sourceAddress(index), perMessageDeflate: false });
    const viewer: Viewer = { ws, probe, messages: 0, joined: false };
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ok);
    };
    const timer = setTimeout(() => {
      ws.terminate();
      done(false);
    }, 30_000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'join', room })));
    ws.on('message', (data: RawData) => {
      frames++;
      const buf = data as Buffer;
      const before = viewer.messages;
      if (probe) onProbeFrame(viewer, buf);
      else if (!viewer.joined && buf.includes('"type":"joined"')) viewer.joined = true;
      else viewer.messages += countMarkers(buf);
      if (viewer.messages > before) lastMessageAt = Date.now();
      if (viewer.joined && !settled) {
        viewers.push(viewer);
        done(true);
      }
    });
    ws.on('error', () => done(false));
    ws.on('close', () => {
      if (settled && viewer.joined) closedByServer++;
      done(false);
    });
  });
}

async function connect(msg: Extract<ToWorker, { op: 'connect' }>): Promise<void> {
  const t0 = performance.now();
  let ok = 0;
  let failed = 0;
  for (let start = 0; start < msg.count; start += msg.concurrency) {
    const batch = [];
    for (let i = start; i < Math.min(msg.count, start + msg.concurrency); i++) {
      const global = msg.firstIndex + i;
      batch.push(open(msg.urls[global % msg.urls.length]!, global, global % msg.probeEvery === 0, msg.room));
    }
    for (const joined of await Promise.all(batch)) {
      if (joined) ok++;
      else failed++;
    }
  }
  send({ op: 'connected', ok, failed, ms: performance.now() - t0 });
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
    case 'close':
      for (const v of viewers) v.ws.terminate();
      process.exit(0);
  }
});
// The bench going away ends this process too: it never outlives its run.
process.on('disconnect', () => process.exit(0));
