import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { logIn } from './operator-login';

// Absolute: the harness runs Playwright from the repository root.
const shots = fileURLToPath(new URL('./screenshots', import.meta.url));

/** A tRPC mutation with the page's session (superjson's `{json}` body): setup only, the spec's subject is the queue. */
async function mutate(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
}

// playwright.config.ts starts two chat nodes and ingest beside the console: the viewer chats on node A.
test('an operator approves and rejects held messages live, and fixes a false positive in one click', async ({ browser }) => {
  test.setTimeout(240_000);
  const room = `queue-${Date.now().toString(36)}`;
  const operator = await (await browser.newContext()).newPage();
  await logIn(operator);
  await mutate(operator, 'rooms.create', { id: room, title: 'Review queue' });
  await mutate(operator, 'words.add', { term: 'bollocks', match: 'contains', action: 'hold', roomId: room });
  await operator.goto(`/queue?room=${room}`);
  await expect(operator.getByTestId('queue-status')).toContainText('(0,');
  await expect(operator.getByText('Nothing held.')).toBeVisible();

  const viewer = await (await browser.newContext()).newPage();
  await logIn(viewer);
  await viewer.goto(`/demo?room=${room}`);
  const connect = viewer.getByRole('form', { name: 'connect' });
  await connect.getByLabel('Display name').fill('Vera');
  await connect.getByLabel('Role').selectOption('');
  await connect.getByLabel('Node').selectOption({ index: 0 });
  await connect.getByRole('button', { name: 'Connect' }).click();
  const log = viewer.getByTestId('chat-log');
  await expect(log).toContainText(`joined ${room}`);
  const input = viewer.getByRole('form', { name: 'send message' }).getByRole('textbox');
  const say = async (text: string) => {
    await input.fill(text);
    await input.press('Enter');
  };

  // Held: the sender is told, the room is not given it, the queue shows it at once (no reload).
  await say('what bollocks was that pass');
  await expect(log).toContainText(': held');
  const rows = operator.getByRole('table', { name: 'held messages' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('what bollocks was that pass');
  await expect(rows.first().locator('mark')).toHaveText('bollocks');
  await operator.screenshot({ path: `${shots}/review-01-held-live.png`, fullPage: true });
  await rows.first().getByRole('button', { name: 'Approve' }).click();
  await expect(log).toContainText('Vera: what bollocks was that pass');
  await expect(operator.getByRole('list', { name: 'decided' })).toContainText('approved');
  await expect(rows).toHaveCount(0);

  await say('bollocks to you ref');
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole('button', { name: 'Reject' }).click();
  await expect(operator.getByRole('list', { name: 'decided' })).toContainText('rejected');
  await expect(rows).toHaveCount(0);
  await expect(log).not.toContainText('Vera: bollocks to you ref');

  // A false positive: "bollocks" in the name of a pub the fans meet at. Allow this → phrase + backtest → publish.
  await say('meet at the bollocksbury arms after');
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole('button', { name: 'Allow this…' }).click();
  const allow = operator.getByLabel('allow this');
  await expect(allow.getByLabel('Phrase')).toHaveValue('bollocksbury');
  await expect(allow.getByTestId('allow-backtest')).toContainText(/Backtest, last day: of \d+ stored messages/);
  await operator.screenshot({ path: `${shots}/review-02-allow-this.png`, fullPage: true });
  await allow.getByRole('button', { name: 'Publish allowed phrase' }).click();
  await expect(allow.getByRole('status')).toContainText(/Published as rules version \d+; kept as regression case .+; the message was delivered/);
  await operator.screenshot({ path: `${shots}/review-03-allowed.png`, fullPage: true });
  await expect(log).toContainText('Vera: meet at the bollocksbury arms after');
  // Live on the node: the same words pass now.
  await say('see you at bollocksbury later');
  await expect(log).toContainText('Vera: see you at bollocksbury later');
  await viewer.screenshot({ path: `${shots}/review-04-viewer.png`, fullPage: true });
});
