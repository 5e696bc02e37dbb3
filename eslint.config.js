// Lint is part of `npm test`. Besides the syntactic recommended set, two type-aware rules run on every
// TypeScript file: a promise on a request path that nobody awaits or catches takes a node down when it
// rejects (`no-floating-promises`), and an async function handed to an API that ignores its result
// (an event emitter, a callback) turns a rejection into an unhandled one (`no-misused-promises`).
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
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `void p` is not an answer: the rejection would still be unhandled (how one request took a node down).
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Scripts and CLIs talk to a terminal on purpose.
    files: ['scripts/**', 'tools/**', '**/cli/**', '**/bench/**', '**/*.bench.ts'],
    rules: { 'no-console': 'off' },
  },
);
