// Lint is part of `npm test`: typed-aware rules are left to `tsc`; this catches what tsc does not.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**', '.data/**', '**/generated/**', '**/next-env.d.ts', 'test-results/**', 'playwright-report/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Scripts and CLIs talk to a terminal on purpose.
    files: ['scripts/**', 'tools/**', '**/cli/**', '**/bench/**', '**/*.bench.ts'],
    rules: { 'no-console': 'off' },
  },
);
