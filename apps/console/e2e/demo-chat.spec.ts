import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { logIn } from './operator-login';

// Absolute: the harness runs Playwright from the repository root.
const shots = fileURLToPath(new URL('./screenshots', import.meta.url));

async function login(page: Page) {
  await logIn(page);
  // Login lands on the overview (the console's home).
  await expect(page).toHaveURL(/:\d+\/$/);
}

async function connect(page: Page, name: string, nodeIndex: number, role = '') {
  await page.goto('/demo?room=demo');
  const form = page.getByRole('form', { name: 'connect' });
  await form.getByLabel('Display name').fill(name);
  await form.getByLabel('Role').selectOption(role);
  await form.getByLabel('Node').selectOption({ index: nodeIndex });
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('chat-log')).toContainText('joined demo');
}

// playwright.config.ts starts two chat nodes and ingest beside the console, on the same Redis prefix.
test('two people chat through two nodes, and a banned word added meanwhile is masked', async ({ browser }) => {
  const alice = await (await browser.newContext()).newPage();
  await login(alice);
  await alice.goto('/nodes');
  await expect(alice.getByTestId('current-version')).toHaveText(/\d+/);
  const liveNodes = await alice.locator('tbody tr', { has: alice.locator('.badge') }).count();
  expect(liveNodes, 'chat nodes heartbeating on this Redis prefix').toBe(2);
  await expect(alice.locator('.badge.ok')).toHaveCount(liveNodes);

  const bob = await (await browser.newContext()).newPage();
  await login(bob);
  await connect(alice, 'Alice', 0);
  // Bob bursts ten near-identical lines below: from a plain viewer the default flood policy refuses exactly that
  // (near-duplicates), so he is a moderator — exempt from spam rules, not from word rules.
  await connect(bob, 'Bob', 1, 'moderator');

  const hello = `hello from node A ${Date.now().toString(36)}`;
  await alice.getByRole('form', { name: 'send message' }).getByRole('textbox').fill(hello);
  await alice.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(alice.getByTestId('chat-log')).toContainText(/ack .*: accepted/);
  await expect(bob.getByTestId('chat-log')).toContainText(`Alice: ${hello}`);

  // A burst arrives batched (`messages` frames): every line, on the other node.
  const burst = `burst ${Date.now().toString(36)}`;
  await bob.getByRole('form', { name: 'send message' }).getByRole('textbox').fill(burst);
  await bob.getByRole('button', { name: 'Send ×10' }).click();
  await expect(alice.getByTestId('chat-log')).toContainText(`Bob: ${burst} #10`);
  const lines = (await alice.getByTestId('chat-log').innerText()).split('\n').filter((l) => l.startsWith(`Bob: ${burst} #`));
  // Ten concurrent sends of one socket: each is published once Kafka has it, so compare as a set.
  expect([...lines].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `Bob: ${burst} #${i + 1}`).sort());

  // Reconnecting joins with `since`: the node recovers from its ring what was missed (here nothing).
  await alice.getByRole('form', { name: 'connect' }).getByRole('button', { name: 'Reconnect' }).click();
  await expect(alice.getByTestId('chat-log')).toContainText(/joined demo · \d+ viewers · 0 missed messages recovered/);

  const term = `zork${Date.now().toString(36)}`;
  const ops = await (await browser.newContext()).newPage();
  await login(ops);
  await ops.goto('/words');
  const words = ops.getByRole('form', { name: 'new banned word' });
  await words.getByLabel('Term').fill(term);
  await words.getByLabel('Action').selectOption('mask');
  await words.getByRole('button', { name: 'Add word' }).click();
  await expect(ops.getByRole('cell', { name: term, exact: true })).toBeVisible();

  await bob.getByRole('form', { name: 'send message' }).getByRole('textbox').fill(`what a ${term} move`);
  await bob.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(bob.getByTestId('chat-log')).toContainText(/ack .*: masked/);
  await expect(alice.getByTestId('chat-log')).toContainText('Bob: what a *');
  await expect(alice.getByTestId('chat-log')).not.toContainText(term);
  await alice.screenshot({ path: `${shots}/08-demo-alice.png` });
  await bob.screenshot({ path: `${shots}/09-demo-bob.png` });

  await ops.getByRole('button', { name: `remove ${term}` }).click();
  await expect(ops.getByRole('cell', { name: term, exact: true })).toHaveCount(0);
  await ops.goto('/nodes');
  await expect(ops.locator('.badge.ok')).toHaveCount(liveNodes);
  await ops.screenshot({ path: `${shots}/10-nodes-live.png` });
});
