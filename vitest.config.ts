import { defineConfig } from 'vitest/config';

// Two projects: fast units beside the code, and integration tests against the real services
// (Kafka, PostgreSQL, Redis, ClickHouse) that scripts/test.mjs starts and describes through env.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages,tools,examples}/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          // Property tests run thousands of cases: seconds when the shared 2-core machine is busy. A timeout is not
          // a speed target (those live in `npm run bench`), so it is generous.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages,tools,examples}/*/src/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The suites share one broker, one ClickHouse and one database: run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
