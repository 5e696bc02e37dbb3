import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { logIn } from './operator-login';

const shots = fileURLToPath(new URL('./screenshots', import.meta.url));

/** Collects the browser's CSP refusals: a policy that blocked our own scripts or sockets would break the page. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) seen.push(msg.text());
  });
  return seen;
}

test('pages and the API carry the security headers, and the CSP lets the console work', async ({ page, request }) => {
  for (const path of ['/login', '/api/healthz']) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(h['x-frame-options'], path).toBe('DENY');
    expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    // plain http here (COOKIE_SECURE=0): no HSTS, which only means something over TLS
    expect(h['strict-transport-security'], path).toBeUndefined();
  }
  const a = (await request.get('/login')).headers()['content-security-policy'];
  const b = (await request.get('/login')).headers()['content-security-policy'];
  expect(a, 'a fresh nonce per response').not.toBe(b);

  const violations = cspViolations(page);
  // The forced password change and the demo page's WebSocket (connect-src lists the nodes) under the policy.
  await logIn(page);
  await page.goto('/rooms');
  await expect(page.getByRole('heading', { name: 'Rooms' })).toBeVisible();
  await page.goto('/demo?room=demo');
  await page.getByRole('form', { name: 'connect' }).getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('chat-log')).toContainText('joined demo');
  await page.screenshot({ path: `${shots}/10-demo-under-csp.png`, fullPage: true });
  expect(violations).toEqual([]);
});

test('login ?next= only goes to paths of this site', async ({ browser }) => {
  for (const next of ['/\\evil.example', '//evil.example', 'https://evil.example/', '/%5Cevil.example']) {
    const page = await (await browser.newContext()).newPage();
    await logIn(page, { next });
    await expect(page, `next=${next}`).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await page.context().close();
  }
  const page = await (await browser.newContext()).newPage();
  await logIn(page, { next: '/words' });
  await expect(page).toHaveURL(/\/words$/);
});

test('a batched tRPC request over the cap is refused before any call runs', async ({ request }) => {
  const calls = (n: number) => `/api/trpc/${Array(n).fill('auth.me').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`;
  const over = await request.get(calls(21));
  expect(over.status()).toBe(400);
  const body = (await over.json()) as { error: { json: { message: string; data: { appCode: string } } } };
  expect(body.error.json.data.appCode).toBe('BATCH_TOO_LARGE');
  const atCap = await request.get(calls(20));
  expect(atCap.status()).toBe(200);
  expect(((await atCap.json()) as unknown[]).length).toBe(20);
});
