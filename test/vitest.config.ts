import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

const root = join(import.meta.dirname, '..');

/** Vite transpiles .ts but not .cts by default: the CommonJS modules (typescript.cts, code-cache.cts) are typed too. */
export const TRANSPILED = { include: /\.(?:[cm]?ts|[jt]sx)$/ };

export default defineConfig({
  esbuild: TRANSPILED,
  test: {
    root,
    include: ['test/**/*.test.ts'],
    // Browser tests need chromium; they run with `npm run test:browser` (test/browser/vitest.config.ts).
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    testTimeout: 60_000,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: join(root, 'node_modules', '.cache', 'agent-audit', 'vitest-results.json') }]],
  },
});
