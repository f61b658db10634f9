// ESLint for all of Replaylink's JavaScript: the snippet (this folder), the shared protocol
// constants and the replay UI's modules and their tests. Run from the repository root by
// `npm run lint` (and so by `mvn verify`), because the UI lives in replay-service.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: ['**/node_modules/**', '**/target/**', '**/dist/**'],
  },
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-implicit-globals': 'error',
      'no-throw-literal': 'error',
    },
  },
  {
    // code that runs in the browser: the recorder, the player entry point, the UI
    files: ['agent-snippet/src/**/*.js', 'protocol/src/main/js/**/*.js', 'replay-service/src/main/resources/ui/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // build script, unit tests (node's test runner) and the browser tests' drivers
    files: ['agent-snippet/build.mjs', 'agent-snippet/test/**', 'agent-snippet/e2e/**', 'replay-service/src/test/js/**',
      'replay-service/src/test/browser/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // page.evaluate() callbacks of the browser tests run in the page, where the snippet is loaded
    files: ['agent-snippet/e2e/**', 'replay-service/src/test/browser/**'],
    languageOptions: { globals: { Replaylink: 'readonly' } },
  },
];
