import { defineConfig } from '@playwright/test';

// Browsers cannot be downloaded here: Debian's chromium (`apt-get install -y chromium`) is used.
const port = Number(process.env.CONSOLE_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

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
  webServer: {
    command: 'npm run --silent db:deploy && npm run --silent db:seed && npm start',
    url: `${baseURL}/api/healthz`,
    timeout: 420_000,
    // Reusing a server is opt-in: one left on the port may point at another database.
    reuseExistingServer: process.env.CONSOLE_E2E_REUSE === '1',
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      ...(process.env as Record<string, string>),
      CHAT_TOKEN_SECRET: process.env.CHAT_TOKEN_SECRET ?? 'e2e-chat-token-secret-0123456789',
      PORT: String(port),
      HOST: '127.0.0.1',
    },
  },
});
