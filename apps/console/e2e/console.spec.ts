import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { email, logIn } from './operator-login';

// Absolute: the harness runs Playwright from the repository root.
const shots = fileURLToPath(new URL('./screenshots', import.meta.url));

test('an operator logs in, creates a room, adds a banned word and sees the chart', async ({ page }) => {
  const room = `e2e-${Date.now().toString(36)}`;
  const term = `e2eword${Date.now().toString(36)}`;

  // Protected pages send an anonymous visitor to the login page.
  await page.goto('/rooms');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('.error[role=alert]')).toContainText('wrong email or password');
  await page.screenshot({ path: `${shots}/01-login.png` });
  // The seeded admin changes the seeded password at its first login (on a fresh database), then lands on the overview (home).
  await logIn(page, { changeShot: `${shots}/01b-change-password.png` });
  await expect(page).toHaveURL(/:\d+\/$/);
  await page.goto('/rooms');
  await expect(page.getByRole('heading', { name: 'Rooms' })).toBeVisible();

  const newRoom = page.getByRole('form', { name: 'new room' });
  await newRoom.getByLabel('Id (slug)').fill(room);
  await newRoom.getByLabel('Title').fill('End-to-end room');
  await newRoom.getByRole('button', { name: 'Create room' }).click();
  await expect(page.getByRole('link', { name: room })).toBeVisible();
  await page.screenshot({ path: `${shots}/02-rooms.png`, fullPage: true });

  await page.getByRole('link', { name: room }).click();
  await expect(page).toHaveURL(new RegExp(`/rooms/${room}$`));
  const words = page.getByRole('form', { name: 'new banned word' });
  await words.getByLabel('Term').fill(term);
  await words.getByLabel('Action').selectOption('mask');
  await words.getByRole('button', { name: 'Add word' }).click();
  await expect(page.getByRole('cell', { name: term, exact: true })).toBeVisible();
  await expect(page.getByTestId('rules-version')).toContainText(/Published rules version \d+/);

  // The chart renders (recharts draws an SVG surface) from the ClickHouse rollup, without an error.
  const chart = page.getByTestId('messages-chart');
  await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
  await expect(chart.locator('.error')).toHaveCount(0);
  await expect(chart).toContainText(/last 60 min · \d+ messages/);
  await page.screenshot({ path: `${shots}/03-room.png`, fullPage: true });

  // An invalid regex is refused with a message naming the field.
  await words.getByLabel('Term').fill('(unclosed');
  await words.getByLabel('Match').selectOption('regex');
  await words.getByRole('button', { name: 'Add word' }).click();
  await expect(page.locator('.error[role=alert]')).toContainText(/term/i);
  await page.screenshot({ path: `${shots}/04-invalid-regex.png`, fullPage: true });

  // The seeded demo room, with whatever traffic the stack has seen.
  await page.goto('/rooms/demo');
  await expect(page.getByTestId('messages-chart').locator('svg.recharts-surface').first()).toBeVisible();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${shots}/05-demo-room.png`, fullPage: true });

  await page.goto('/nodes');
  await expect(page.getByTestId('current-version')).toHaveText(/\d+/);
  await page.screenshot({ path: `${shots}/06-nodes.png`, fullPage: true });

  await page.goto('/demo?room=demo');
  await expect(page.getByRole('button', { name: 'Connect' })).toBeVisible();
  await page.screenshot({ path: `${shots}/07-demo.png`, fullPage: true });
});
