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

// The layers of src-main (issue 13), enforced here as the runtime boundaries are above. ESLint
// keeps only the last no-restricted-imports that applies to a file, so each block below repeats
// the patterns of the blocks it narrows.
const mainNeverRenderer = {
  group: ['**/src-renderer/**'],
  message: 'Main-process code never imports renderer code.',
};
const noSimulator = {
  regex: '(^|/)simulator/',
  message:
    'Production code reaches a simulated device through hsm/yubihsm/transport (device-spec, SimulatorTransport); only the transport, the CLI simulator command and tests import simulator/.',
};
const noIpc = {
  regex: '^(\\.\\./)+ipc/',
  message:
    'Domain code raises a Refusal (src-main/refusal/); only src-main/ipc/ speaks the contract, and the router maps refusals to its codes.',
};
const hsmBelowEverything = {
  regex: '^(\\.\\./)+(ceremonies|records|ipc|services|hosts|cli|print|secrets)(/|$)',
  message:
    'hsm/ is the device layer: it imports nothing from ceremonies/, records/, ipc/ or anything built on them (shared helpers live in files/ and concurrency/).',
};
const mainImports = (...patterns) => ['error', { patterns: [mainNeverRenderer, ...patterns] }];
const testFiles = ['**/*.test.ts', '**/testing/**', '**/test-support/**'];
const domainFolders = [
  'src-main/ceremonies/**/*.ts',
  'src-main/records/**/*.ts',
  'src-main/secrets/**/*.ts',
  'src-main/dkek/**/*.ts',
  'src-main/print/**/*.ts',
  'src-main/refusal/**/*.ts',
  'src-main/files/**/*.ts',
  'src-main/concurrency/**/*.ts',
  'src-main/log/**/*.ts',
];
const simulatorHosts = [
  'src-main/hsm/yubihsm/simulator/**',
  'src-main/hsm/yubihsm/transport/**',
  'src-main/cli/commands/simulator.ts',
  // The SmartCard-HSM family the same way: its simulator (which shares the YubiHSM one's state
  // lock), its in-process transport, the vpcd bridge that puts it in a reader, and its CLI.
  'src-main/hsm/smartcard-hsm/simulator/**',
  'src-main/hsm/smartcard-hsm/transport/**',
  'src-main/hsm/smartcard-hsm/vpcd/**',
  'src-main/cli/commands/smartcard-hsm-simulator.ts',
];

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
    // No production file imports the simulator: a `sim:` device is the transport's business.
    files: ['src-main/**/*.ts'],
    ignores: [...simulatorHosts, ...testFiles],
    rules: { 'no-restricted-imports': mainImports(noSimulator) },
  },
  {
    // The ceremonies, records and the pieces below them know nothing of IPC.
    files: domainFolders,
    ignores: testFiles,
    rules: { 'no-restricted-imports': mainImports(noSimulator, noIpc) },
  },
  {
    // The device layer (every device family under hsm/) stands on its own.
    files: ['src-main/hsm/**/*.ts'],
    ignores: [...simulatorHosts, ...testFiles],
    rules: { 'no-restricted-imports': mainImports(noSimulator, hsmBelowEverything) },
  },
  {
    files: [
      ...simulatorHosts.filter((glob) => glob.startsWith('src-main/hsm/')),
      ...testFiles.map((glob) => `src-main/hsm/${glob}`),
    ],
    rules: { 'no-restricted-imports': mainImports(hsmBelowEverything) },
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
