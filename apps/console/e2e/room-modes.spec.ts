import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { logIn } from './operator-login';

// Absolute: the harness runs Playwright from the repository root.
const shots = fileURLToPath(new URL('./screenshots', import.meta.url));


// playwright.config.ts starts two chat nodes beside the console: the viewer below chats on one of them.
test('an operator sets slow mode on the room page; a viewer is told and held to it', async ({ browser }) => {
  test.setTimeout(240_000);
  const room = `modes-${Date.now().toString(36)}`;
  const operator = await (await browser.newContext()).newPage();
  await logIn(operator);
  await operator.goto('/rooms'); // login lands on the overview
  const newRoom = operator.getByRole('form', { name: 'new room' });
  await newRoom.getByLabel('Id (slug)').fill(room);
  await newRoom.getByLabel('Title').fill('Room modes');
  await newRoom.getByRole('button', { name: 'Create room' }).click();
  await operator.getByRole('link', { name: room }).click();
  await expect(operator).toHaveURL(new RegExp(`/rooms/${room}$`));

  const modes = operator.getByLabel('room modes');
  const slow = modes.getByRole('checkbox', { name: 'Slow mode' });
  await expect(slow).not.toBeChecked();
  // Which spam rules apply here: the default policy the console publishes, all global.
  const spam = operator.getByLabel('spam rules in force');
  await expect(spam.getByRole('cell', { name: 'default-rate' })).toBeVisible();
  await expect(spam.getByRole('cell', { name: 'default-duplicate' })).toBeVisible();

  // A plain viewer in the room, on chat node A.
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

  // On: saved the moment the box is ticked (30 s by default), then 10 s typed and saved on Enter.
  // The boxes show the saved state: click, then wait for it.
  await slow.click();
  await expect(slow).toBeChecked();
  await expect(modes.getByTestId('rules-version')).toContainText(/Published rules version \d+/);
  await expect(log).toContainText('notice: Slow mode is on: one message every 30 s.');
  const seconds = modes.getByRole('spinbutton', { name: 'Slow mode value' });
  await seconds.fill('10');
  await seconds.press('Enter');
  await expect(log).toContainText('notice: Slow mode is on: one message every 10 s.');
  await expect(slow).toBeChecked();
  await operator.reload();
  await expect(operator.getByLabel('room modes').getByRole('checkbox', { name: 'Slow mode' })).toBeChecked();
  await expect(operator.getByLabel('room modes').getByRole('spinbutton', { name: 'Slow mode value' })).toHaveValue('10');
  await operator.screenshot({ path: `${shots}/room-modes-01-slow-mode-on.png`, fullPage: true });

  // The viewer's second message within 10 s is refused by the node, with the reason.
  const input = viewer.getByRole('form', { name: 'send message' }).getByRole('textbox');
  await input.fill('first one');
  await viewer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(log).toContainText(/ack .*: accepted/);
  await input.fill('and again');
  await viewer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(log).toContainText(/ack .*: rejected \(slow_mode\)/);
  await viewer.screenshot({ path: `${shots}/room-modes-02-viewer-slow-mode.png`, fullPage: true });

  // Out of range: refused, naming the field; nothing changes.
  const modesNow = operator.getByLabel('room modes');
  const value = modesNow.getByRole('spinbutton', { name: 'Slow mode value' });
  await value.fill('301');
  await value.press('Enter');
  await expect(modesNow.locator('.error[role=alert]')).toContainText('modes.slowModeSeconds');
  await operator.screenshot({ path: `${shots}/room-modes-03-out-of-range.png`, fullPage: true });

  // Subscriber-only, a toggle, saved live too; the viewer (no role) is told.
  await modesNow.getByRole('checkbox', { name: 'Subscriber-only' }).click();
  await expect(modesNow.getByRole('checkbox', { name: 'Subscriber-only' })).toBeChecked();
  await expect(log).toContainText('notice: Subscriber-only chat is on.');
  await modesNow.getByRole('checkbox', { name: 'Slow mode' }).click();
  await expect(modesNow.getByRole('checkbox', { name: 'Slow mode' })).not.toBeChecked();
  await expect(log).toContainText('notice: Slow mode is off.');
});
