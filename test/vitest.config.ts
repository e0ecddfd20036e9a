import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit tests live beside the code; test/ holds the cross-cutting suites (arch, integration).
// Browser end-to-end tests run under Playwright (test/e2e), benchmarks under `npm run bench`.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['electron/**/*.test.ts', 'apis/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/arch/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Hang guards, not speed checks: a busy machine (CI beside other work) must not fail a slow but correct
    // test. The first planner test starts a cold checker and took 21 s at load 15-20.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
  },
});
