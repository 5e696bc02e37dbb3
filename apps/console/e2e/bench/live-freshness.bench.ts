import { loadavg, cpus } from 'node:os';
import { expect, test } from '@playwright/test';
import { signViewerToken } from '@tribune/contracts';
import { WsViewer } from '@tribune/devstack/testing';
import { logIn } from '../operator-login';

// Live freshness (issue 10 §5): the time from a WebSocket `send` to the number on screen changing, in Chromium.
// The room live view shows the room's message count over 15 min (`room-total`); a MutationObserver in the page stamps
// every change with the wall clock, and the sender (this process, same machine clock) stamps each send. Samples are
// spaced by a random pause so they do not lock onto the console's 1 s push. The peer in the same run: the same
// message reaching a WebSocket viewer on the other node (what delivery itself takes), so the ratio is what the live
// path (node counters → Redis → console → SSE → React) adds. Printed: p50/p90/p99/max of both, the ratio, the load.
const SAMPLES = Number(process.env.FRESHNESS_SAMPLES ?? 40);
const nodes = (process.env.CHAT_NODE_E2E_PORTS ?? '3201,3202').split(',').map((p) => `ws://127.0.0.1:${p.trim()}/ws`);
const secret = process.env.CHAT_TOKEN_SECRET ?? 'e2e-chat-token-secret-0123456789';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

test('live freshness: WS send → number changed on screen', async ({ browser }) => {
  const room = `fresh-${Date.now().toString(36)}`;
  const page = await (await browser.newContext()).newPage();
  await logIn(page);
  await page.goto('/rooms');
  const newRoom = page.getByRole('form', { name: 'new room' });
  await newRoom.getByLabel('Id (slug)').fill(room);
  await newRoom.getByLabel('Title').fill('Freshness bench');
  await newRoom.getByRole('button', { name: 'Create room' }).click();
  await expect(page.getByRole('link', { name: room })).toBeVisible();
  await page.goto(`/rooms/${room}/live`);
  await expect(page.getByTestId('room-live')).toContainText('live ·');

  await page.evaluate(() => {
    const w = window as unknown as { __changes: [number, string][] };
    w.__changes = [];
    const el = document.querySelector('[data-testid=room-total]')!;
    new MutationObserver(() => w.__changes.push([Date.now(), el.textContent ?? ''])).observe(el, { childList: true, characterData: true, subtree: true });
  });
  const { token } = await signViewerToken({ sub: 'fresh-sender', name: 'Fresh', roles: ['moderator'] }, { key: { kid: 'e2e1', secret }, ttlSeconds: 3600 });
  const ws = await WsViewer.connect(`${nodes[0]}?token=${token}`, { label: 'fresh' });
  await ws.join(room);
  const watcher = await WsViewer.connect(nodes[1] ?? nodes[0]!, { label: 'fresh-watcher' });
  await watcher.join(room);

  const latencies: number[] = [];
  const delivered: number[] = [];
  const load = [loadavg()[0]!];
  for (let i = 0; i < SAMPLES; i++) {
    await page.waitForTimeout(300 + Math.random() * 1000);
    const seen = await page.evaluate(() => (window as unknown as { __changes: unknown[] }).__changes.length);
    const text = `fresh ${i}`;
    const arrived = watcher.nextMessage((m) => m.text === text, 15_000).then(() => Date.now());
    const sentAt = Date.now();
    const ack = await ws.say(room, text);
    expect(ack.status).toBe('accepted');
    const changedAt = await page.waitForFunction((n) => {
      const c = (window as unknown as { __changes: [number, string][] }).__changes;
      return c.length > n ? c[n]![0] : false;
    }, seen, { timeout: 15_000, polling: 20 });
    latencies.push(((await changedAt.jsonValue()) as number) - sentAt);
    delivered.push((await arrived) - sentAt);
    if (i % 10 === 9) load.push(loadavg()[0]!);
  }
  ws.close();
  watcher.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const peer = [...delivered].sort((a, b) => a - b);
  const line = {
    bench: 'live-freshness',
    samples: sorted.length,
    p50_ms: pct(sorted, 50),
    p90_ms: pct(sorted, 90),
    p99_ms: pct(sorted, 99),
    max_ms: sorted.at(-1),
    ws_delivery_p50_ms: pct(peer, 50),
    ws_delivery_p99_ms: pct(peer, 99),
    screen_over_delivery_p50: Number((pct(sorted, 50) / Math.max(1, pct(peer, 50))).toFixed(1)),
    target_p99_ms: 2000,
    loadavg_1m: load.map((l) => l.toFixed(2)).join(' '),
    cpus: cpus().length,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
});
