import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { signViewerToken } from '@tribune/contracts';
import { logIn } from './operator-login';

// Automatic protection seen by an operator: arm a room on its page, real messages flood it through a chat node
// (Kafka → ingest → ClickHouse's per-second rollup, what the console's check reads), the panel shows it engaged with
// its reason, a viewer in the room is told slow mode is on, and after the spike it reverts by itself.
const shots = fileURLToPath(new URL('./screenshots', import.meta.url));
const nodes = (process.env.CHAT_NODE_E2E_PORTS ?? '3201,3202').split(',').map((p) => `ws://127.0.0.1:${p.trim()}/ws`);
const secret = process.env.CHAT_TOKEN_SECRET ?? 'e2e-chat-token-secret-0123456789';
// Moderators: the default flood policy lets them through, so the whole burst is accepted and stored.
const floodToken = (i: number) =>
  signViewerToken({ sub: `flood-${i}`, name: `Flood ${i}`, roles: ['moderator'] }, { key: { kid: 'e2e1', secret }, ttlSeconds: 600 }).then((t) => t.token);

test('an operator arms automatic protection; a flood engages slow mode, the room is told, and it reverts by itself', async ({ browser }) => {
  test.setTimeout(240_000);
  const room = `guard-${Date.now().toString(36)}`;
  const operator = await (await browser.newContext()).newPage();
  await logIn(operator);
  await operator.goto('/rooms'); // login lands on the overview
  const newRoom = operator.getByRole('form', { name: 'new room' });
  await newRoom.getByLabel('Id (slug)').fill(room);
  await newRoom.getByLabel('Title').fill('Automatic protection');
  await newRoom.getByRole('button', { name: 'Create room' }).click();
  await operator.getByRole('link', { name: room }).click();
  await expect(operator).toHaveURL(new RegExp(`/rooms/${room}$`));

  const panel = operator.getByLabel('automatic protection');
  await expect(panel).toContainText('the room is not watched');
  // A wrong value is refused naming the field; then tuned for a short demonstration and armed.
  await panel.getByLabel('Spike at').fill('1');
  await panel.getByRole('button', { name: 'Save settings' }).click();
  await expect(panel.getByRole('alert')).toContainText('settings.factor');
  await panel.getByLabel('Spike at').fill('5');
  await panel.getByLabel('Slow mode it sets').fill('20');
  await panel.getByLabel('Stays on for').fill('10');
  await panel.getByRole('button', { name: 'Arm this room' }).click();
  await expect(panel).toContainText('armed');
  await operator.screenshot({ path: `${shots}/protection-01-armed.png`, fullPage: true });

  // A plain viewer in the room (demo page, node B) hears what happens.
  const viewer = await (await browser.newContext()).newPage();
  await logIn(viewer);
  await viewer.goto(`/demo?room=${room}`);
  const connect = viewer.getByRole('form', { name: 'connect' });
  await connect.getByLabel('Display name').fill('Vera');
  await connect.getByLabel('Role').selectOption('');
  await connect.getByLabel('Node').selectOption({ index: 1 });
  await connect.getByRole('button', { name: 'Connect' }).click();
  const log = viewer.getByTestId('chat-log');
  await expect(log).toContainText(`joined ${room}`);

  // The flood: 4 sockets × 25 msg/s for 8 s on node A, from a page of its own.
  const tokens = await Promise.all([0, 1, 2, 3].map(floodToken));
  const flooder = await (await browser.newContext()).newPage();
  await flooder.goto('/login');
  const flood = flooder.evaluate(
    ({ url, tokens, room }) =>
      Promise.all(
        tokens.map(
          (token, s) =>
            new Promise<number>((resolve, reject) => {
              const ws = new WebSocket(`${url}?token=${token}`);
              let accepted = 0;
              let acked = 0;
              ws.onerror = () => reject(new Error('flood socket failed'));
              ws.onopen = () => ws.send(JSON.stringify({ type: 'join', room }));
              ws.onmessage = (e) => {
                const f = JSON.parse(String(e.data)) as { type: string; status?: string };
                if (f.type === 'joined') {
                  let i = 0;
                  const timer = setInterval(() => {
                    ws.send(JSON.stringify({ type: 'send', room, text: `goal ${s}-${i} what a strike`, cid: `f${s}-${i}` }));
                    if (++i === 200) clearInterval(timer);
                  }, 40);
                } else if (f.type === 'ack') {
                  if (f.status === 'accepted') accepted++;
                  if (++acked === 200) {
                    ws.close();
                    resolve(accepted);
                  }
                }
              };
            }),
        ),
      ).then((n) => n.reduce((a, b) => a + b, 0)),
    { url: nodes[0]!, tokens, room },
  );

  // Within seconds of the flood (ingest, then a check every 2 s), engaged: the reason names the rate and the median.
  await expect(panel).toContainText('engaged', { timeout: 30_000 });
  await expect(panel).toContainText(/slow mode 20 s for 10 s: [\d.]+ msg\/s against a 10-min median of [\d.]+ msg\/s/);
  await expect(log).toContainText('notice: Slow mode is on: one message every 20 s.', { timeout: 10_000 });
  await expect(operator.getByLabel('room modes').getByRole('checkbox', { name: 'Slow mode' })).toBeChecked({ timeout: 10_000 });
  await operator.screenshot({ path: `${shots}/protection-02-engaged.png`, fullPage: true });
  expect(await flood).toBe(800);

  // The flood is over: kept on while the window still holds it, then restored by itself, as another rules version.
  await expect(panel.getByLabel('protection events')).toContainText('reverted', { timeout: 60_000 });
  await expect(panel).toContainText('armed');
  await expect(panel.getByLabel('protection events')).toContainText(/slow mode off again \(the spike is over/);
  await expect(log).toContainText('notice: Slow mode is off.', { timeout: 10_000 });
  await expect(operator.getByLabel('room modes').getByRole('checkbox', { name: 'Slow mode' })).not.toBeChecked({ timeout: 10_000 });
  await operator.screenshot({ path: `${shots}/protection-03-reverted.png`, fullPage: true });
});
