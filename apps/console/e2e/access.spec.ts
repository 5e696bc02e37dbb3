import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { logIn } from './operator-login';

const shots = fileURLToPath(new URL('./screenshots', import.meta.url));

// An admin creates an analyst and an API token; the analyst is refused a mutation on screen; the audit page shows it.
test('roles, API tokens and the audit trail', async ({ page, request }) => {
  const run = randomUUID().slice(0, 6);
  const analystEmail = `analyst-${run}@tribune.test`;
  await logIn(page, { next: '/operators' });
  await page.goto('/operators');
  const form = page.getByRole('form', { name: 'new operator' });
  await form.getByLabel('Email').fill(analystEmail);
  await form.getByLabel('Role').selectOption('analyst');
  await form.getByRole('button', { name: 'Create operator' }).click();
  const temporary = (await page.getByTestId('temporary-password').locator('code').textContent()) ?? '';
  expect(temporary.length).toBeGreaterThanOrEqual(20);
  await expect(page.getByRole('cell', { name: analystEmail })).toBeVisible();
  await page.screenshot({ path: `${shots}/access-operators.png`, fullPage: true });

  await page.goto('/tokens');
  const tokenForm = page.getByRole('form', { name: 'new API token' });
  await tokenForm.getByLabel('Name').fill(`reader-${run}`);
  await tokenForm.getByLabel('Role').selectOption('analyst');
  await tokenForm.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').locator('code').textContent()) ?? '';
  expect(token).toMatch(/^trb_/);
  const viaToken = await request.get('/api/trpc/rooms.list', { headers: { authorization: `Bearer ${token}` } });
  expect(viaToken.status()).toBe(200);
  await page.reload();
  await expect(page.getByRole('row', { name: new RegExp(`reader-${run}`) })).toContainText('analyst');
  await page.screenshot({ path: `${shots}/access-tokens.png`, fullPage: true });

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
  await page.getByLabel('Email').fill(analystEmail);
  await page.getByLabel('Password').fill(temporary);
  await page.getByRole('button', { name: 'Log in' }).click();
  const change = page.getByRole('form', { name: 'change password' });
  await change.getByLabel('Current password').fill(temporary);
  await change.getByLabel(/^New password/).fill(`analyst-pass-${run}-long`);
  await change.getByLabel('Repeat the new password').fill(`analyst-pass-${run}-long`);
  await change.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('header.top')).toBeVisible();
  await expect(page.locator('header.top nav')).not.toContainText('Operators');
  await page.goto('/words');
  const words = page.getByRole('form', { name: 'new banned word' });
  await words.getByLabel('Term').fill(`nope${run}`);
  await words.getByRole('button', { name: 'Add word' }).click();
  await expect(page.locator('.error[role=alert]')).toContainText('words.add needs the admin or moderator role; you are analyst');
  await page.screenshot({ path: `${shots}/access-analyst-refused.png`, fullPage: true });
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);

  await logIn(page);
  await page.goto('/audit');
  await expect(page.getByRole('cell', { name: 'operators.create' }).first()).toBeVisible();
  await expect(page.getByRole('cell', { name: 'tokens.create' }).first()).toBeVisible();
  await page.getByLabel(/^Action/).fill('operators.');
  await expect(page.getByRole('cell', { name: 'tokens.create' })).toHaveCount(0);
  await page.screenshot({ path: `${shots}/access-audit.png`, fullPage: true });
});
