import { fileURLToPath } from 'node:url';
import { createClient } from '@clickhouse/client';
import { expect, test, type Page } from '@playwright/test';
import { logIn } from './operator-login';

// An erasure request as an operator handles it: two viewers chat in a room through a chat node (Kafka → ingest →
// ClickHouse), the operator erases one of them on /privacy; that viewer's messages leave ClickHouse and the chat on
// screen, the other viewer's stay.
const shots = fileURLToPath(new URL('./screenshots', import.meta.url));
const ch = () => createClient({ url: process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123', username: process.env.CLICKHOUSE_USER ?? 'default', password: process.env.CLICKHOUSE_PASSWORD ?? '' });

async function stored(user: string): Promise<number> {
  const client = ch();
  try {
    const res = await client.query({ query: 'SELECT count() AS n FROM chat.messages WHERE user_id = {u:String}', query_params: { u: user }, format: 'JSONEachRow' });
    return Number((await res.json<{ n: string }>())[0]!.n);
  } finally {
    await client.close();
  }
}

async function chatAs(page: Page, room: string, name: string, userId: string) {
  await logIn(page);
  await page.goto(`/demo?room=${room}`);
  const connect = page.getByRole('form', { name: 'connect' });
  await connect.getByLabel('Display name').fill(name);
  await connect.getByLabel('User id').fill(userId);
  await connect.getByLabel('Role').selectOption('');
  await connect.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('chat-log')).toContainText(`joined ${room}`);
}

async function say(page: Page, text: string) {
  const input = page.getByRole('form', { name: 'send message' }).getByRole('textbox');
  await input.fill(text);
  await input.press('Enter');
  await expect(page.getByTestId('chat-log')).toContainText(text);
}

test("an operator erases one viewer's data: gone from ClickHouse and from the chat, the other viewer's kept", async ({ browser }) => {
  test.setTimeout(180_000);
  const run = Date.now().toString(36);
  const room = 'demo';
  const erased = `erase-me-${run}`;
  const kept = `keep-me-${run}`;
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await chatAs(alice, room, 'Alice', erased);
  await chatAs(bob, room, 'Bob', kept);
  await say(alice, `alice line one ${run}`);
  await say(bob, `bob line one ${run}`);
  await say(alice, `alice line two ${run}`);
  // The demo page's tokens are `console-demo:<user id>`: that is the viewer's id everywhere else.
  const erasedId = `console-demo:${erased}`;
  const keptId = `console-demo:${kept}`;
  await expect.poll(() => stored(erasedId), { timeout: 30_000 }).toBe(2);
  await expect.poll(() => stored(keptId), { timeout: 30_000 }).toBe(1);

  const operator = await (await browser.newContext()).newPage();
  await logIn(operator);
  await operator.getByRole('link', { name: 'Privacy' }).click();
  const form = operator.getByRole('form', { name: 'erasure' });
  await form.getByLabel('User id', { exact: false }).first().fill(erasedId);
  await form.getByLabel('The same user id again').fill(`${erasedId}x`);
  await form.getByRole('button', { name: 'Erase' }).click();
  await expect(operator.getByLabel('erase a viewer').getByRole('alert')).toContainText('confirmUserId');
  await form.getByLabel('The same user id again').fill(erasedId);
  await form.getByRole('button', { name: 'Erase' }).click();
  const report = operator.getByTestId('erasure-report');
  await expect(report).toContainText(`Erased ${erasedId}`);
  await expect(report).toContainText('2 messages');
  await expect(report).toContainText('retention');
  await operator.screenshot({ path: `${shots}/privacy-01-erased.png`, fullPage: true });

  expect(await stored(erasedId)).toBe(0);
  expect(await stored(keptId)).toBe(1);
  // Every node told its viewers: the erased messages are marked deleted on Bob's screen.
  await expect(bob.getByTestId('chat-log')).toContainText('deleted', { timeout: 10_000 });
  await bob.screenshot({ path: `${shots}/privacy-02-viewer.png`, fullPage: true });
});
