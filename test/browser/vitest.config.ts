import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { TRANSPILED } from '../vitest.config.js';

const root = join(import.meta.dirname, '..', '..');

/** Tests that drive a real browser (Debian's chromium); `npm run test:browser`, not part of `npm test`. */
export default defineConfig({
  esbuild: TRANSPILED,
  test: {
    root,
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: join(root, 'node_modules', '.cache', 'agent-audit', 'vitest-browser-results.json') }]],
  },
});
