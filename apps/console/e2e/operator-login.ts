import { expect, type Page } from '@playwright/test';

export const email = process.env.CONSOLE_ADMIN_EMAIL ?? 'admin@tribune.local';
/** What the seed gives the admin; it must be changed at first login. */
export const seededPassword = process.env.CONSOLE_ADMIN_PASSWORD ?? 'tribune-admin';
/** What the first run changes it to (a later run on the same database logs in with it). */
export const changedPassword = process.env.CONSOLE_E2E_NEW_PASSWORD ?? 'e2e-changed-passphrase-2026';

/** The password that works now, once a login in this worker has found out (saves a failed attempt per login). */
let known: string | undefined;

/**
 * Logs the admin in. On a fresh database that is the first login: the console sends it to /change-password, which
 * this does (screenshot `changeShot`). On a database where a previous run already changed it, the seeded password
 * is refused and the changed one is used.
 */
export async function logIn(page: Page, opts: { next?: string; changeShot?: string } = {}): Promise<'changed' | 'logged-in'> {
  await page.goto(opts.next ? `/login?next=${encodeURIComponent(opts.next)}` : '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(known ?? seededPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  const refused = page.locator('.error[role=alert]');
  const mustChange = page.getByTestId('must-change');
  await expect(refused.or(mustChange).or(page.locator('header.top'))).toBeVisible();
  if (await mustChange.isVisible()) {
    if (opts.changeShot) await page.screenshot({ path: opts.changeShot });
    const form = page.getByRole('form', { name: 'change password' });
    await form.getByLabel('Current password').fill(seededPassword);
    await form.getByLabel(/^New password/).fill(changedPassword);
    await form.getByLabel('Repeat the new password').fill(changedPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(page.locator('header.top')).toBeVisible();
    known = changedPassword;
    return 'changed';
  }
  if (await refused.isVisible()) {
    await expect(refused).toContainText('wrong email or password');
    await page.getByLabel('Password').fill(changedPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.locator('header.top')).toBeVisible();
    known = changedPassword;
    return 'logged-in';
  }
  known ??= seededPassword;
  return 'logged-in';
}
