// Lint for mistakes, not style: ESLint's and typescript-eslint's recommended rules (syntax-only, no
// type information, so `npm run lint` stays fast; `npm run typecheck` does the type-level checks),
// plus the React hooks rules for the web app.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Node's globals for the few plain JavaScript files (TypeScript files get no-undef from tsc instead).
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'fetch', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'structuredClone', 'AbortController'].map(
    (name) => [name, 'readonly'],
  ),
);

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'test-results/**', 'packages/server/src/db/types.ts'],
  },
  {
    files: ['packages/**/*.{ts,tsx}', 'bench/**/*.ts', 'e2e/**/*.ts', 'reliability/**/*.ts', 'scripts/**/*.{ts,js,mjs}', '*.{ts,js,mjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    // Tests poke at loosely typed payloads; `any` there is a convenience, not a design.
    files: ['**/*.test.ts', 'packages/server/test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The web app's hooks live in components (.tsx) and in each feature's api.ts.
    files: ['packages/web/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },
);
