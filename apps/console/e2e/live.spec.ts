import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { signViewerToken } from '@tribune/contracts';
import { WsViewer } from '@tribune/devstack/testing';
import { logIn } from './operator-login';

// The live picture in a real Chromium: a real WebSocket sender chats in a room through a chat node; the overview
// (the console's home, pushed over SSE) shows the room's messages/s rising, the room live view draws it at 1 s,
// a banned word added on the room page appears as an annotation on the live timeline and in history.
const shots = fileURLToPath(new URL('./screenshots', import.meta.url));
const nodes = (process.env.CHAT_NODE_E2E_PORTS ?? '3201,3202').split(',').map((p) => `ws://127.0.0.1:${p.trim()}/ws`);
const secret = process.env.CHAT_TOKEN_SECRET ?? 'e2e-chat-token-secret-0123456789';
// A moderator: the default flood policy lets it through, so every message is accepted.
const senderToken = () => signViewerToken({ sub: 'live-sender', name: 'Live sender', roles: ['moderator'] }, { key: { kid: 'e2e1', secret }, ttlSeconds: 600 }).then((t) => t.token);

/** Sends `perSecond` messages a second to `room` until stopped; resolves with how many were accepted. */
function startSender(ws: WsViewer, room: string, perSecond: number) {
  let stopped = false;
  let accepted = 0;
  const errors: string[] = [];
  const done = (async () => {
    for (let i = 0; !stopped; i++) {
      try {
        const ack = await ws.say(room, `live message ${i}`);
        if (ack.status === 'accepted') accepted++;
        else errors.push(`${ack.status} ${ack.reason ?? ''}`);
      } catch (err) {
        errors.push(String(err));
      }
      await new Promise((r) => setTimeout(r, 1000 / perSecond));
    }
    return accepted;
  })();
  return { errors, stop: () => ((stopped = true), done) };
}

const rateOf = async (page: Page, room: string) => Number((await page.locator(`tr[data-room="${room}"] [data-testid=msgs-per-second]`).textContent()) ?? 'NaN');

test('the overview and the room live view move while a real sender chats; a rule change is an annotation', async ({ browser }) => {
  test.setTimeout(180_000);
  const room = `live-${Date.now().toString(36)}`;
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await logIn(page);
  await page.goto('/rooms');
  const newRoom = page.getByRole('form', { name: 'new room' });
  await newRoom.getByLabel('Id (slug)').fill(room);
  await newRoom.getByLabel('Title').fill('Live view');
  await newRoom.getByRole('button', { name: 'Create room' }).click();
  await expect(page.getByRole('link', { name: room })).toBeVisible();

  // The home is the overview, live over SSE.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /Overview/ })).toBeVisible();
  await expect(page.getByTestId('overview-status')).toContainText('live');
  await expect(page.getByTestId('nodes-live').locator('tr[data-node]')).toHaveCount(nodes.length);

  const ws = await WsViewer.connect(`${nodes[0]}?token=${await senderToken()}`, { label: 'live-sender' });
  await ws.join(room);
  const sender = startSender(ws, room, 5);
  try {
    // The room appears and its rate rises to about the sending rate.
    await expect(page.locator(`tr[data-room="${room}"]`)).toBeVisible();
    await expect.poll(() => rateOf(page, room), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await expect(page.locator(`tr[data-room="${room}"] [data-testid=viewers]`)).toHaveText('1');
    await page.screenshot({ path: `${shots}/live-01-overview.png`, fullPage: true });

    // Sorting by room name puts the rooms in order (the sort works on pushed data).
    await page.getByRole('button', { name: /^Room/ }).click();
    const names = await page.locator('tr[data-room]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-room') ?? ''));
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

    // A banned word for the room, added on the room page: a rules change.
    const term = `zz${Date.now().toString(36)}`;
    await page.goto(`/rooms/${room}`);
    const words = page.getByRole('form', { name: 'new banned word' });
    await words.getByLabel('Term').fill(term);
    await words.getByRole('button', { name: 'Add word' }).click();
    await expect(page.getByRole('cell', { name: term, exact: true })).toBeVisible();

    // The room live view: the chart moves, the rate is there, the change is on the timeline.
    await page.getByRole('link', { name: 'live →' }).click();
    await expect(page).toHaveURL(new RegExp(`/rooms/${room}/live$`));
    const liveView = page.getByTestId('room-live');
    await expect.poll(async () => Number(await page.getByTestId('room-rate').textContent()), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const before = Number(await page.getByTestId('room-total').textContent());
    await expect.poll(async () => Number(await page.getByTestId('room-total').textContent()), { timeout: 10_000 }).toBeGreaterThan(before);
    await expect(page.getByTestId('annotations')).toContainText(`words.add "${term}"`);
    // Drawn on the chart: recharts renders the ReferenceLine's label as SVG text.
    await expect(page.getByTestId('room-viewers')).toHaveText('1');
    // The delivery side: the viewer's join and the nodes' latency of what it was delivered.
    await expect.poll(async () => Number(await page.getByTestId('room-joins').textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('room-latency')).toHaveText(/^\d+ ms \/ \d+ ms$/);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${shots}/live-02-room-live.png`, fullPage: true });
    await expect(liveView.locator('svg text').filter({ hasText: `words.add "${term}"` }).first()).toBeVisible();
  } finally {
    const accepted = await sender.stop();
    if (sender.errors.length > 0) process.stderr.write(`sender: ${accepted} accepted; not accepted: ${sender.errors.slice(0, 5).join(' | ')} (${sender.errors.length})\n`);
    expect(accepted).toBeGreaterThan(0);
    ws.close();
  }

  // History from the minute rollups: the messages (once ingest loaded them) and the change.
  await expect(page.getByRole('link', { name: 'history →' })).toHaveAttribute('href', `/rooms/${room}/history`);
  await page.goto(`/rooms/${room}/history`);
  const chart = page.getByTestId('history-messages');
  await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
  await expect(chart).toContainText(/1 min bars · [1-9]\d* messages/, { timeout: 30_000 });
  await expect(page.getByTestId('history-annotations')).toContainText('words.add');
  await page.screenshot({ path: `${shots}/live-03-history-1h.png`, fullPage: true });
  await page.getByRole('button', { name: '7 d' }).click();
  await expect(chart).toContainText(/15 min bars · [1-9]\d* messages/);
  await page.screenshot({ path: `${shots}/live-04-history-7d.png`, fullPage: true });
  // CSV of the chart: a download with the header and the bucket rows.
  const download = page.waitForEvent('download');
  await chart.getByRole('button', { name: 'CSV' }).click();
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(file, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('t,accepted,masked,shadowed,held,blocked,rejected');
  expect(csv.split('\r\n').length).toBeGreaterThan(300);
});
