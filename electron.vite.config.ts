import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/** Emits a file the bundle loads at run time beside the bundle (core finds it with `new URL(name, import.meta.url)`). */
function emitBeside(source: string, fileName: string): Plugin {
  return {
    name: `emit-beside:${fileName}`,
    generateBundle() {
      this.emitFile({ type: 'asset', fileName, source: readFileSync(resolve(import.meta.dirname, source)) });
    },
  };
}

// Rolldown's "[PLUGIN_TIMINGS]" warning reports how long plugins took on a busy machine: not something a
// person running `npm run web` can act on.
const QUIET = { bundlerTimings: false };

// main: dependencies stay external (electron-vite's default), so native modules such as LanceDB load
// from node_modules. preload: one self-contained CommonJS file, as a sandboxed preload cannot require.
export default defineConfig({
  main: {
    // JavaScript packs run in a child process started from runner.mjs (see js-pack-runtime.ts).
    // Action programs run in a worker thread started from this file (see executor/sandbox-host.ts).
    // The selector's word-vector cache is built in a worker thread from glove-worker.mjs (selector/glove-cache.ts).
    plugins: [
      emitBeside('electron/core/platform/js-pack/runner.mjs', 'runner.mjs'),
      emitBeside('electron/core/executor/sandbox-worker.mjs', 'sandbox-worker.mjs'),
      emitBeside('electron/core/executor/sandbox-intl.mjs', 'sandbox-intl.mjs'),
      emitBeside('electron/core/selector/glove-worker.mjs', 'glove-worker.mjs'),
    ],
    build: {
      outDir: 'out/main',
      // The verifier runs in a child process started from its own entry (see executor/verifier-host.ts).
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          'verifier-child': resolve(import.meta.dirname, 'electron/core/executor/verifier-child.ts'),
        },
        checks: QUIET,
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        checks: QUIET,
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react()],
    build: {
      // electron-vite leaves bundles unminified; the renderer is minified (800 KB → 357 KB) to load fast.
      minify: true,
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') }, checks: QUIET },
    },
  },
});
