// Lint for the three runtimes of Custos (STYLE.md §1): shared/ is pure TypeScript,
// src-renderer/ is DOM + React, src-main/ is Node + Electron. The import bans below are the
// boundary: the renderer and shared/ can never reach electron, usb or node: modules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import prettierConfig from 'eslint-config-prettier';

const nodeOnlyModules = {
  patterns: [
    { group: ['node:*'], message: 'node: modules belong to src-main/ only.' },
    { group: ['electron', 'electron/*'], message: 'electron belongs to src-main/ only.' },
    { group: ['usb', 'usb/*'], message: 'usb belongs to src-main/ only.' },
    {
      group: ['ws', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'net'],
      message: 'Node built-ins belong to src-main/ only.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // Byte parsing under noUncheckedIndexedAccess reads indices already bounds-checked.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...nodeOnlyModules,
          patterns: [
            ...nodeOnlyModules.patterns,
            {
              group: ['react', 'react-dom', 'zustand', '**/src-main/**', '**/src-renderer/**'],
              message: 'shared/ is pure TypeScript: no DOM, no main-process code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          ...nodeOnlyModules,
          patterns: [
            ...nodeOnlyModules.patterns,
            {
              group: ['**/src-main/**'],
              message: 'The renderer talks to main only through window.custos.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'src-main/**/*.ts',
      'e2e/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.{js,mjs,ts}',
      '*.{js,mjs,ts}',
      '.ci/**/*.mjs',
    ],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-renderer/**'],
              message: 'Main-process code never imports renderer code.',
            },
          ],
        },
      ],
    },
  },
  {
    // Code that runs in the page, not in Node: the browser host's bridge and the window.custos
    // builder it shares with the preload. Browser globals, and no Node, Electron or usb imports.
    files: ['src-main/hosts/browser/bridge/**/*.ts', 'src-main/hosts/custos-api.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', nodeOnlyModules] },
  },
  {
    // The sandboxed preload can require only `electron`: everything else is bundled in.
    files: ['src-main/hosts/electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: nodeOnlyModules.patterns.filter(
            (pattern) => !pattern.group.includes('electron'),
          ),
        },
      ],
    },
  },
  // Formatting is Prettier's job (npm run format); turn off the style rules that would fight it.
  prettierConfig,
);
