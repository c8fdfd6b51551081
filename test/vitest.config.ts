import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

const root = join(import.meta.dirname, '..');

export default defineConfig({
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
