import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { logIn } from './operator-login';

// Shared by the specs that chat: a logged-in page connected as a viewer through /demo, and tRPC calls with the
// page's session for setup.

/** A tRPC mutation with the page's session (superjson's `{json}` body); fails the test on a refusal. */
export async function mutate<T = unknown>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

export interface Viewer {
  page: Page;
  /** The chat log (`data-testid=chat-log`). */
  log: Locator;
  /** The viewer's user id as the nodes see it (the demo page's namespace: `console-demo:<id>`). */
  userId: string;
  say(text: string): Promise<void>;
}

/**
 * Sends warm-up lines until one is acked `accepted`: on a stack just started, the nodes' first Kafka write can be
 * refused (`unavailable`) while the broker's coordinator is still loading. Later sends in the spec then mean what
 * they say.
 */
export async function warmUp(viewer: Viewer): Promise<void> {
  let n = 0;
  await expect(async () => {
    n += 1;
    await viewer.say(`warm-up ${n}`);
    await expect(viewer.log).toContainText(`: warm-up ${n}`, { timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
}

/**
 * A viewer on the demo page: its own browser context, logged in as the admin (the page mints the viewer token),
 * connected to `room` on node `node` (0 = the first of CHAT_NODE_URLS) with a fixed user id.
 */
export async function openViewer(browser: Browser, opts: { room: string; name: string; userId: string; node: number; role?: '' | 'subscriber' | 'moderator' }): Promise<Viewer> {
  const page = await (await browser.newContext()).newPage();
  await logIn(page);
  await page.goto(`/demo?room=${encodeURIComponent(opts.room)}`);
  const connect = page.getByRole('form', { name: 'connect' });
  await connect.getByLabel('Display name').fill(opts.name);
  await connect.getByLabel('User id').fill(opts.userId);
  await connect.getByLabel('Role').selectOption(opts.role ?? '');
  await connect.getByLabel('Node').selectOption({ index: opts.node });
  await connect.getByRole('button', { name: 'Connect' }).click();
  const log = page.getByTestId('chat-log');
  await expect(log).toContainText(`joined ${opts.room}`);
  const input = page.getByRole('form', { name: 'send message' }).getByRole('textbox');
  return {
    page,
    log,
    userId: `console-demo:${opts.userId}`,
    async say(text) {
      await input.fill(text);
      await input.press('Enter');
    },
  };
}
