import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// Lint zones mirror the import direction of DESIGN.md; test/arch checks the same rules a second way.
const zones = [
  {
    target: './electron/shared',
    from: ['./electron/core', './electron/main', './electron/preload', './electron/hosts', './renderer', './node_modules/electron'],
    message: 'shared imports only zod and apis/sdk.',
  },
  { target: './electron/shared', from: './apis', except: ['./sdk'], message: 'shared may use apis/sdk types only.' },
  {
    target: './electron/core',
    from: ['./electron/main', './electron/preload', './electron/hosts', './renderer', './node_modules/electron'],
    message: 'core is plain Node: never electron, main, hosts or the renderer.',
  },
  { target: './electron/core', from: './apis', except: ['./sdk'], message: 'packs are handed to createCore(), never imported by core.' },
  {
    target: './renderer',
    from: ['./electron/core', './electron/main', './electron/preload', './electron/hosts', './apis', './node_modules/electron'],
    message: 'the renderer talks to core only through electron/shared and the ipc client.',
  },
  { target: './apis', from: ['./electron', './renderer'], message: 'packs depend on apis/sdk and their own libraries only.' },
  { target: './apis/sdk', from: ['./apis/pptx', './apis/xlsx', './apis/docx', './apis/fs', './apis/index.ts'], message: 'the sdk stands alone.' },
  { target: ['./electron/preload', './electron/main', './electron/hosts'], from: './renderer', message: 'nothing outside the renderer imports it.' },
  {
    target: ['./electron/core', './electron/shared', './electron/hosts', './electron/preload', './renderer', './apis'],
    from: './electron/main',
    message: 'nothing imports main.',
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // One helper says what an unknown thrown value's message is (apis/sdk/error-message.ts, re-exported by
    // electron/shared/errors.ts); the inline expression is refused everywhere else, tests included. The
    // sandbox's Intl bridge is plain .mjs the worker loads without a TypeScript loader, so it cannot import it.
    files: ['electron/**', 'apis/**', 'renderer/**'],
    ignores: ['apis/sdk/error-message.ts', 'electron/core/executor/sandbox-intl.mjs'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ConditionalExpression[test.operator='instanceof'][test.right.name='Error'][alternate.callee.name='String']",
          message: 'Use errorMessage(error) from electron/shared/errors (apis/sdk in packs).',
        },
      ],
    },
  },
  {
    files: ['electron/core/**', 'electron/shared/**', 'apis/**'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['electron/shared/**', 'renderer/**', 'apis/sdk/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared, the renderer and the sdk run without Electron.' }],
          patterns: [{ group: ['node:*'], message: 'shared, the renderer and the sdk run without Node.' }],
        },
      ],
    },
  },
);
