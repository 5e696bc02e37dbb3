import { defineConfig } from '@playwright/test';

// Browsers cannot be downloaded here: Debian's chromium (`apt-get install -y chromium`) is used.
const port = Number(process.env.CONSOLE_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// The specs drive the whole platform: two chat nodes and ingest run beside the console, on the same
// Kafka, Redis prefix and ClickHouse as the console (the harness's isolated stack).
const nodePorts = (process.env.CHAT_NODE_E2E_PORTS ?? '3201,3202').split(',').map(Number);
const ingestPort = Number(process.env.INGEST_E2E_PORT ?? 3210);
// The example streaming site (examples/streaming-site): a page outside the console that embeds the widget.
const sitePort = Number(process.env.SITE_E2E_PORT ?? 3220);
const chatTokenSecret = process.env.CHAT_TOKEN_SECRET ?? 'e2e-chat-token-secret-0123456789';
// The console signs with a kid'd key and the nodes verify it by kid (a rotation's steady state).
const chatTokenSecrets = `e2e1:${chatTokenSecret}`;
const repoRoot = new URL('../..', import.meta.url).pathname;
const env = process.env as Record<string, string>;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
  },
  // The console against the env the harness set (DATABASE_URL, REDIS_URL, CLICKHOUSE_URL…). Migrations and the
  // seed are idempotent, so they run here too (the harness migrates but does not seed). `npm start` is a
  // production build, rebuilt only when sources changed: `next dev` compiles each page on first visit.
  webServer: [
    // Started one after the other, each awaited: the console first — it publishes the rules at boot, which the
    // chat nodes wait for before they are ready.
    {
      command: 'npm run --silent db:deploy && npm run --silent db:seed && npm start',
      url: `${baseURL}/api/healthz`,
      timeout: 420_000,
      // Reusing a server is opt-in: one left on the port may point at another database.
      reuseExistingServer: process.env.CONSOLE_E2E_REUSE === '1',
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        ...env,
        CHAT_TOKEN_SECRETS: chatTokenSecrets,
        // Plain http on loopback: a Secure cookie would be fine for Chromium on 127.0.0.1, but not for every client.
        COOKIE_SECURE: '0',
        CHAT_NODE_URLS: nodePorts.map((p) => `ws://127.0.0.1:${p}/ws`).join(','),
        PORT: String(port),
        HOST: '127.0.0.1',
        // The overview's pipeline panel reads the lag of the e2e ingest's group (below).
        INGEST_GROUP_ID: 'tribune-e2e-ingest',
      },
    },
    ...nodePorts.map((nodePort, i) => ({
      command: 'npm run --silent start -w @tribune/chat-node',
      cwd: repoRoot,
      url: `http://127.0.0.1:${nodePort}/readyz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe' as const,
      stderr: 'pipe' as const,
      // DELIVERY_MAX_VIEWER_RATE: the nodes sample a room past 60 msg/s per viewer (docs/protocol.md, overload
      // policy); widget.spec.ts measures the widget with 100 msg/s actually arriving, so the e2e nodes allow 200.
      env: { ...env, CHAT_TOKEN_SECRETS: chatTokenSecrets, PORT: String(nodePort), NODE_ID: `e2e-node-${i + 1}`, HOST: '127.0.0.1', DELIVERY_MAX_VIEWER_RATE: '200' },
    })),
    {
      command: 'npm run --silent start -w @tribune/ingest',
      cwd: repoRoot,
      url: `http://127.0.0.1:${ingestPort}/readyz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe' as const,
      stderr: 'pipe' as const,
      env: { ...env, PORT: String(ingestPort), HOST: '127.0.0.1', KAFKA_GROUP_ID: 'tribune-e2e-ingest' },
    },
    {
      command: 'npm run --silent start -w @tribune/example-streaming-site',
      cwd: repoRoot,
      url: `http://127.0.0.1:${sitePort}/`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe' as const,
      stderr: 'pipe' as const,
      env: {
        ...env,
        PORT: String(sitePort),
        HOST: '127.0.0.1',
        CHAT_TOKEN_SECRET: chatTokenSecret,
        CHAT_TOKEN_KID: 'e2e1',
        CHAT_NODE_URLS: nodePorts.map((p) => `ws://127.0.0.1:${p}/ws`).join(','),
        WIDGET_URL: `${baseURL}/widget.js`,
        ROOM: 'demo',
      },
    },
  ],
});
