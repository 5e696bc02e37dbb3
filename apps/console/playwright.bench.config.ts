import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Benchmarks in a real Chromium on the same stack as the e2e specs (`npm run bench -w @tribune/console`): figures
// are printed, nothing is asserted on speed. Only `*.bench.ts` under e2e/bench.
export default defineConfig({ ...base, testDir: './e2e/bench', testMatch: '**/*.bench.ts', timeout: 600_000 });
