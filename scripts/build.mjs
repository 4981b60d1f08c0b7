// Builds everything the hosts run, into dist/:
//   dist/renderer/                 the React app (vite, vite.config.ts)
//   dist/main/electron-main.cjs    Electron main (CJS; electron and usb stay external)
//   dist/main/preload.cjs          the preload, one file (a sandboxed preload cannot require)
//   dist/browser-host/main.mjs     the browser host (ESM; usb stays external)
//   dist/browser-host/bridge.js    window.custos for the browser host's page (IIFE)
//   dist/cli/custos.mjs            the `custos` command (ESM; see scripts/lib/cli-bundle.mjs)
// and beside each of the three Node bundles the scripts it starts (scripts/lib/sidecars.mjs).
// Usage: node scripts/build.mjs [--skip-renderer]

import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as bundle } from 'esbuild';
import { buildCli } from './lib/cli-bundle.mjs';
import { buildSidecars } from './lib/sidecars.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const at = (...parts) => join(root, ...parts);

// Native or optional modules that must be loaded from node_modules at run time.
// smartcard (PC/SC) is a native addon and an optional dependency: loaded at run time, or not at all.
const NODE_EXTERNALS = ['usb', 'smartcard', 'bufferutil', 'utf-8-validate'];

// Code written for ESM may read import.meta.url; in a CJS bundle it comes from __filename.
const cjsImportMeta = {
  banner: {
    js: "const __custosImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  },
  define: { 'import.meta.url': '__custosImportMetaUrl' },
};

const common = {
  bundle: true,
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: false,
  absWorkingDir: root,
};

async function buildRenderer() {
  // A build is always a production build, even when started from a test runner that set
  // NODE_ENV=test (React's JSX transform and runtime must agree on production).
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: at('vite.config.ts'), logLevel: 'warn', mode: 'production' });
}

async function buildElectron() {
  await rm(at('dist', 'main'), { recursive: true, force: true });
  await Promise.all([
    bundle({
      ...common,
      ...cjsImportMeta,
      entryPoints: [at('src-main/hosts/electron/main.ts')],
      outfile: at('dist/main/electron-main.cjs'),
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['electron', ...NODE_EXTERNALS],
    }),
    buildSidecars(root, 'dist/main'),
    bundle({
      ...common,
      entryPoints: [at('src-main/hosts/electron/preload.ts')],
      outfile: at('dist/main/preload.cjs'),
      platform: 'browser',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
    }),
  ]);
}

async function buildBrowserHost() {
  await rm(at('dist', 'browser-host'), { recursive: true, force: true });
  await Promise.all([
    bundle({
      ...common,
      entryPoints: [at('src-main/hosts/browser/main.ts')],
      outfile: at('dist/browser-host/main.mjs'),
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: NODE_EXTERNALS,
      // Bundled CommonJS dependencies (ws) call require() for Node built-ins.
      banner: {
        js: "import { createRequire as __custosCreateRequire } from 'node:module'; const require = __custosCreateRequire(import.meta.url);",
      },
    }),
    bundle({
      ...common,
      entryPoints: [at('src-main/hosts/browser/bridge/bridge.ts')],
      outfile: at('dist/browser-host/bridge.js'),
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      minify: true,
    }),
    buildSidecars(root, 'dist/browser-host'),
  ]);
}

const started = Date.now();
const skipRenderer = process.argv.includes('--skip-renderer');
try {
  await Promise.all([
    skipRenderer ? undefined : buildRenderer(),
    buildElectron(),
    buildBrowserHost(),
    buildCli(root),
  ]);
  console.log(`Built Custos into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error(`Build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
