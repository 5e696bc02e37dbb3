import { expect, type Page } from '@playwright/test';

/** An operator's first login with the temporary password an admin was shown, then the forced change to `password`. */
export async function firstLogin(page: Page, email: string, temporary: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(temporary);
  await page.getByRole('button', { name: 'Log in' }).click();
  const change = page.getByRole('form', { name: 'change password' });
  await change.getByLabel('Current password').fill(temporary);
  await change.getByLabel(/^New password/).fill(password);
  await change.getByLabel('Repeat the new password').fill(password);
  await change.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('header.top')).toBeVisible();
}
