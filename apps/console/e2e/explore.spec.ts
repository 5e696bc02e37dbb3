import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createClient } from '@clickhouse/client';
import { expect, test } from '@playwright/test';
import { logIn } from './operator-login';

const shots = fileURLToPath(new URL('./screenshots', import.meta.url));
const ch = () => createClient({ url: process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123', username: process.env.CLICKHOUSE_USER ?? 'default', password: process.env.CLICKHOUSE_PASSWORD ?? '' });

// An analyst runs a cookbook question over rows of a room of its own, sees the table and the chart, exports the
// result as CSV (the downloaded file's content asserted) and saves the query.
test('an analyst explores: cookbook, table, chart, CSV, saved query', async ({ page, request }) => {
  const run = randomUUID().slice(0, 6);
  const room = `explore-e2e-${run}`;
  const client = ch();
  const rows = [
    ['u1', 'Ana', 'accepted'], ['u1', 'Ana', 'accepted'], ['u1', 'Ana', 'blocked'],
    ['u2', 'Bo, "the fan"', 'accepted'], ['u2', 'Bo, "the fan"', 'accepted'],
    ['u3', 'Cy', 'accepted'],
  ].map(([user_id, user_name, status], i) => ({ id: `${run}-${i}`, ts: `2026-11-30 20:00:0${i}.000`, room, user_id, user_name, text: `m${i}`, status, hits: '[]', rules_version: 1 }));
  await client.insert({ table: 'chat.messages', values: rows, format: 'JSONEachRow' });
  await client.close();

  // The admin creates the analyst, who logs in and sets a password.
  const analystEmail = `analyst-explore-${run}@tribune.test`;
  await logIn(page, { next: '/operators' });
  await page.goto('/operators');
  const form = page.getByRole('form', { name: 'new operator' });
  await form.getByLabel('Email').fill(analystEmail);
  await form.getByLabel('Role').selectOption('analyst');
  await form.getByRole('button', { name: 'Create operator' }).click();
  const temporary = (await page.getByTestId('temporary-password').locator('code').textContent()) ?? '';
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

  await page.locator('header.top nav').getByRole('link', { name: 'Explore' }).click();
  await page.waitForURL(/\/explore/);
  await page.getByTestId('cookbook').getByRole('button', { name: 'Top chatters of a match' }).click();
  await expect(page.getByLabel('SQL')).toHaveValue(/FROM chat\.messages/);
  await page.getByLabel('parameter room', { exact: true }).fill(room);
  await page.getByLabel('parameter from', { exact: true }).fill('2026-11-30 19:00:00');
  await page.getByLabel('parameter to', { exact: true }).fill('2026-11-30 21:00:00');
  await page.getByLabel('parameter top', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Run' }).click();

  const result = page.getByTestId('result-panel');
  await expect(result.getByTestId('result-summary')).toContainText('3 rows');
  const table = result.getByTestId('result-table');
  await expect(table.locator('thead th')).toHaveText(['user_id', 'user_name', 'messages', 'refused']);
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator('tbody tr').first()).toHaveText(/u1\s*Ana\s*3\s*1/);
  // The chart: the cookbook's axes (user_name × messages), one bar per chatter.
  await expect(result.getByLabel('chart x')).toHaveValue('user_name');
  await expect(result.getByLabel('chart y')).toHaveValue('messages');
  await expect(result.locator('.recharts-bar-rectangle')).toHaveCount(3);
  await page.screenshot({ path: `${shots}/explore-result.png`, fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^explore-.*\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv).toBe('"user_id","user_name","messages","refused"\n"u1","Ana",3,1\n"u2","Bo, ""the fan""",2,0\n"u3","Cy",1,0\n');

  await page.getByLabel('query name').fill(`chatters ${run}`);
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = page.getByTestId('saved-queries');
  await expect(saved.getByRole('row', { name: new RegExp(`chatters ${run}`) })).toContainText('you');

  // A write is refused with the reason, on screen, even though the page would send it.
  await page.getByLabel('SQL').fill(`DROP TABLE chat.messages`);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(result.getByRole('alert')).toContainText('only a SELECT runs here');
  await page.screenshot({ path: `${shots}/explore-refused.png`, fullPage: true });

  // The export route answers only a logged-in caller (the page's session), and only JSON.
  const anonymous = await request.post('/explore/export', { data: { sql: 'SELECT 1', params: {} } });
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  const asForm = await page.request.post('/explore/export', { form: { sql: 'SELECT 1' } });
  expect(asForm.status()).toBe(415);
  const mine = await page.request.post('/explore/export', { data: { sql: 'SELECT {n:UInt8} AS n', params: { n: '7' } } });
  expect([mine.status(), await mine.text()]).toEqual([200, '"n"\n7\n']);
});
