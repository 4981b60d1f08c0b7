// Bundles the renderer (src-renderer/) into dist/renderer. The Electron host serves it from a
// custom scheme and the browser host from loopback, so every path is relative and nothing
// points off the machine.

import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ mode }) => ({
  root: here('./src-renderer'),
  base: './',
  plugins: [react()],
  publicDir: false,
  // A production build uses React's production bundle even when the calling environment set
  // NODE_ENV to something else (vitest sets "test"), so a ceremony laptop never runs dev code.
  define: mode === 'production' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  clearScreen: false,
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // Production bundles ship without source maps.
    sourcemap: false,
    // Fonts stay files: the CSP allows fonts from 'self', not data: URLs.
    assetsInlineLimit: 0,
    // The polyfill would be injected as an inline script, which the CSP forbids.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', strictPort: true },
  preview: { host: '127.0.0.1', strictPort: true },
}));
