import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { mutate, openViewer, warmUp } from './chat-viewer';
import { firstLogin } from './first-login';
import { logIn } from './operator-login';

// Absolute: the harness runs Playwright from the repository root.
const shots = fileURLToPath(new URL('./screenshots', import.meta.url));

// Issue 9's done-when, in one run. playwright.config.ts starts two chat nodes and ingest beside the console: Vera
// chats on node A, Bob on node B. An admin creates a moderator of the room on /operators; the moderator times out,
// bans, lifts and deletes from the user page, decides held messages live and fixes a false positive; an analyst is
// refused; an API token drives sanctions.timeout over plain HTTP; the audit page shows all of it.
test('an operator and a moderator act on viewers and messages on both nodes; an analyst cannot; a token can; the audit shows it', async ({ browser }) => {
  test.setTimeout(360_000);
  const run = randomUUID().slice(0, 6);
  const room = `mod-${run}`;
  const modEmail = `moderator-${run}@tribune.test`;
  const modPassword = `moderator-pass-${run}-long`;

  // The admin: the room, a word that holds, and a moderator of the room created on the Operators page.
  const admin = await (await browser.newContext()).newPage();
  await logIn(admin);
  await mutate(admin, 'rooms.create', { id: room, title: 'Moderation' });
  await mutate(admin, 'words.add', { term: 'bollocks', match: 'contains', action: 'hold', roomId: room });
  await admin.goto('/operators');
  const newOperator = admin.getByRole('form', { name: 'new operator' });
  await newOperator.getByLabel('Email').fill(modEmail);
  await newOperator.getByLabel('Role').selectOption('moderator');
  await newOperator.getByLabel(/^Rooms/).fill(room);
  await newOperator.getByRole('button', { name: 'Create operator' }).click();
  const temporary = (await admin.getByTestId('temporary-password').locator('code').textContent()) ?? '';
  expect(temporary.length).toBeGreaterThanOrEqual(20);
  await expect(admin.getByRole('row', { name: new RegExp(modEmail) })).toContainText(room);
  await admin.screenshot({ path: `${shots}/moderation-01-moderator-created.png`, fullPage: true });

  const mod = await (await browser.newContext()).newPage();
  await firstLogin(mod, modEmail, temporary, modPassword);

  // Two viewers on two nodes.
  const vera = await openViewer(browser, { room, name: 'Vera', userId: `vera-${run}`, node: 0 });
  const bob = await openViewer(browser, { room, name: 'Bob', userId: `bob-${run}`, node: 1 });
  await warmUp(vera);
  await warmUp(bob);
  const hello = `hello from Vera ${run}`;
  const doomed = `a spoiler Vera regrets ${run}`;
  await vera.say(hello);
  await expect(bob.log).toContainText(`Vera: ${hello}`);
  await vera.say(doomed);
  await expect(bob.log).toContainText(`Vera: ${doomed}`);
  await expect(vera.log).toContainText(`Vera: ${doomed}`);

  // The moderator opens Vera's page from the search box: her messages arrive from ClickHouse (through ingest).
  await mod.goto('/users');
  await mod.getByRole('search', { name: 'find a user' }).getByLabel('User id').fill(vera.userId);
  await mod.getByRole('button', { name: 'Open user' }).click();
  await expect(mod.getByTestId('user-id')).toHaveText(vera.userId);
  const messages = mod.getByRole('region', { name: 'messages' });
  const doomedRow = messages.getByRole('row', { name: new RegExp(doomed) });
  await expect(doomedRow).toBeVisible({ timeout: 30_000 });
  await expect(messages.getByRole('row', { name: new RegExp(hello) })).toContainText('accepted');
  await mod.screenshot({ path: `${shots}/moderation-02-user-page.png`, fullPage: true });

  // Delete: the line vanishes on both nodes' viewers.
  await doomedRow.getByRole('button', { name: 'Delete' }).click();
  await expect(doomedRow).toContainText('deleted');
  await expect(vera.log).not.toContainText(`Vera: ${doomed}`);
  await expect(bob.log).not.toContainText(`Vera: ${doomed}`);
  await expect(bob.log).toContainText(/message .+ deleted/);
  await expect(bob.log).toContainText(`Vera: ${hello}`);
  await bob.page.screenshot({ path: `${shots}/moderation-03-deleted-on-node-b.png`, fullPage: true });
  await vera.page.screenshot({ path: `${shots}/moderation-04-deleted-on-node-a.png`, fullPage: true });

  // Timeout: 15 days is refused naming the field; 30 s, announced, refuses Vera's next send with the reason.
  const actions = mod.getByRole('region', { name: 'actions' });
  await actions.getByLabel('Room', { exact: true }).fill(room);
  await actions.getByLabel('Timeout for (1 s – 14 days)', { exact: true }).fill('15');
  await actions.getByLabel('Timeout for (1 s – 14 days) unit').selectOption('days');
  await actions.getByRole('button', { name: 'Time out' }).click();
  await expect(actions.getByRole('alert')).toContainText('seconds');
  await mod.screenshot({ path: `${shots}/moderation-05-timeout-refused.png`, fullPage: true });
  await actions.getByLabel('Timeout for (1 s – 14 days)', { exact: true }).fill('30');
  await actions.getByLabel('Timeout for (1 s – 14 days) unit').selectOption('seconds');
  await actions.getByLabel('Reason (optional)').fill('cool down');
  await actions.getByLabel('announce in the room').check();
  await actions.getByRole('button', { name: 'Time out' }).click();
  await expect(actions.getByRole('status')).toContainText(`Timed out in ${room} for 30 s`);
  await expect(bob.log).toContainText('notice:');
  await vera.say(`can I still talk ${run}`);
  await expect(vera.log).toContainText(/ack .+: rejected \(timed_out\)/);
  await expect(bob.log).not.toContainText(`can I still talk ${run}`);
  const sanctions = mod.getByRole('region', { name: 'active sanctions' });
  await expect(sanctions.getByTestId(`sanction-timeout-${room}`)).toContainText('cool down');
  await mod.screenshot({ path: `${shots}/moderation-06-timed-out.png`, fullPage: true });
  await vera.page.screenshot({ path: `${shots}/moderation-07-vera-refused.png`, fullPage: true });

  // Lift: Vera talks again at once.
  await sanctions.getByTestId(`sanction-timeout-${room}`).getByRole('button', { name: 'Lift' }).click();
  await expect(sanctions.getByTestId(`sanction-timeout-${room}`)).toHaveCount(0);
  await vera.say(`back again ${run}`);
  await expect(bob.log).toContainText(`Vera: back again ${run}`);

  // Ban from the room, no expiry: refused as banned.
  await actions.getByLabel('Ban from').selectOption('room');
  await actions.getByLabel('Reason (optional)').fill('repeated spoilers');
  await actions.getByRole('button', { name: 'Ban' }).click();
  await expect(actions.getByRole('status')).toContainText(`Banned from ${room} until lifted`);
  await expect(sanctions.getByTestId(`sanction-ban-${room}`)).toContainText('until lifted');
  await vera.say(`let me back in ${run}`);
  await expect(vera.log).toContainText(/ack .+: rejected \(banned\)/);
  await mod.screenshot({ path: `${shots}/moderation-08-banned.png`, fullPage: true });
  // Purge: what Vera said in the room leaves every viewer's log (and the room's history).
  await actions.getByRole('button', { name: 'Purge from room' }).click();
  await expect(actions.getByRole('status')).toContainText(/Purged [1-9]\d* message\(s\) from/);
  await expect(bob.log).not.toContainText(`Vera: ${hello}`);
  await expect(bob.log).not.toContainText(`Vera: back again ${run}`);
  await bob.page.screenshot({ path: `${shots}/moderation-08b-purged-on-node-b.png`, fullPage: true });

  // Held messages, live in the moderator's queue: approve, reject, and allow a false positive in one click.
  await mod.goto(`/queue?room=${room}`);
  await expect(mod.getByTestId('queue-status')).toContainText('(0,');
  const held = mod.getByRole('table', { name: 'held messages' }).locator('tbody tr');
  await bob.say(`what bollocks was that pass ${run}`);
  await expect(held).toHaveCount(1);
  await expect(held.first().getByRole('link', { name: 'Bob' })).toHaveAttribute('href', `/users/${encodeURIComponent(bob.userId)}`);
  await mod.screenshot({ path: `${shots}/moderation-09-held-live.png`, fullPage: true });
  await held.first().getByRole('button', { name: 'Approve' }).click();
  await expect(vera.log).toContainText(`Bob: what bollocks was that pass ${run}`);
  await bob.say(`bollocks to you ref ${run}`);
  await expect(held).toHaveCount(1);
  await held.first().getByRole('button', { name: 'Reject' }).click();
  await expect(mod.getByRole('list', { name: 'decided' })).toContainText('rejected');
  await expect(held).toHaveCount(0);
  await bob.say(`meet at the bollocksbury arms ${run}`);
  await expect(held).toHaveCount(1);
  await held.first().getByRole('button', { name: 'Allow this…' }).click();
  const allow = mod.getByLabel('allow this');
  await expect(allow.getByLabel('Phrase')).toHaveValue('bollocksbury');
  await allow.getByRole('button', { name: 'Publish allowed phrase' }).click();
  await expect(allow.getByRole('status')).toContainText(/Published as rules version \d+/);
  await expect(vera.log).toContainText(`Bob: meet at the bollocksbury arms ${run}`);
  await mod.screenshot({ path: `${shots}/moderation-10-allowed.png`, fullPage: true });
  await vera.page.screenshot({ path: `${shots}/moderation-11-vera-sees-approved.png`, fullPage: true });

  // An analyst sees Vera's page read-only, and the server refuses the mutation anyway.
  const analystEmail = `analyst-${run}@tribune.test`;
  const created = await mutate<{ temporaryPassword: string }>(admin, 'operators.create', { email: analystEmail, role: 'analyst', rooms: [] });
  const analyst = await (await browser.newContext()).newPage();
  await firstLogin(analyst, analystEmail, created.temporaryPassword, `analyst-pass-${run}-long`);
  await analyst.goto(`/users/${encodeURIComponent(vera.userId)}`);
  await expect(analyst.getByTestId('user-summary')).toContainText('Read-only');
  await expect(analyst.getByRole('region', { name: 'active sanctions' }).getByTestId(`sanction-ban-${room}`)).toBeVisible();
  await expect(analyst.getByRole('button', { name: /Time out|Ban|Delete|Lift|Purge/ })).toHaveCount(0);
  const refused = await analyst.request.post('/api/trpc/sanctions.timeout', { data: { json: { room, userId: vera.userId, seconds: 60 } } });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain('sanctions.timeout needs the admin or moderator role; you are analyst');
  await analyst.screenshot({ path: `${shots}/moderation-12-analyst-read-only.png`, fullPage: true });

  // An API token (a moderator of the room) times Bob out over plain HTTP, as curl would.
  const { token } = await mutate<{ token: string }>(admin, 'tokens.create', { name: `bot-${run}`, role: 'moderator', rooms: [room], expiresInDays: 1 });
  const base = new URL(admin.url()).origin;
  const viaToken = await fetch(`${base}/api/trpc/sanctions.timeout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ json: { room, userId: bob.userId, seconds: 120, reason: 'automation', announce: false } }),
  });
  expect(viaToken.status, await viaToken.clone().text()).toBe(200);
  await bob.say(`am I muted ${run}`);
  await expect(bob.log).toContainText(/ack .+: rejected \(timed_out\)/);
  const outside = await fetch(`${base}/api/trpc/sanctions.timeout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ json: { room: 'demo', userId: bob.userId, seconds: 120 } }),
  });
  expect(outside.status).toBe(403);
  await mod.goto(`/users/${encodeURIComponent(bob.userId)}`);
  await expect(mod.getByRole('region', { name: 'active sanctions' }).getByTestId(`sanction-timeout-${room}`)).toContainText('automation');
  await mod.screenshot({ path: `${shots}/moderation-13-token-timeout.png`, fullPage: true });

  // The audit page: the moderator's and the token's actions, the deletion, the queue decisions, the logins.
  await admin.goto('/audit');
  const audit = admin.getByRole('table');
  await admin.getByLabel(/^Action/).fill('sanctions.');
  for (const action of ['sanctions.timeout', 'sanctions.lift', 'sanctions.ban']) await expect(audit.getByRole('row', { name: new RegExp(`${modEmail}.*${action}`) }).first()).toBeVisible();
  await expect(audit.getByRole('row', { name: new RegExp(`token:bot-${run}.*sanctions.timeout`) })).toBeVisible();
  await admin.screenshot({ path: `${shots}/moderation-14-audit-sanctions.png`, fullPage: true });
  await admin.getByLabel(/^Action/).fill('messages.');
  await expect(audit.getByRole('row', { name: new RegExp(`${modEmail}.*messages.delete`) })).toBeVisible();
  await expect(audit.getByRole('row', { name: new RegExp(`${modEmail}.*messages.purgeUser`) })).toBeVisible();
  await admin.getByLabel(/^Action/).fill('review.');
  for (const action of ['review.approve', 'review.reject', 'review.allowThis']) await expect(audit.getByRole('row', { name: new RegExp(`${modEmail}.*${action}`) }).first()).toBeVisible();
  await admin.screenshot({ path: `${shots}/moderation-15-audit-review.png`, fullPage: true });
  await admin.getByLabel(/^Action/).fill('auth.');
  await expect(audit.getByRole('row', { name: new RegExp(`${analystEmail}.*auth.login`) }).first()).toBeVisible();
  await expect(audit.getByRole('row', { name: new RegExp(`${modEmail}.*auth.changePassword`) })).toBeVisible();
  await admin.screenshot({ path: `${shots}/moderation-16-audit-logins.png`, fullPage: true });
});
