import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeCacheUse } from '../src/code-cache.cjs';

/** The built module (npm test builds dist first). */
const CODE_CACHE = join(import.meta.dirname, '..', 'dist', 'src', 'code-cache.cjs');

/**
 * Each load in a process of its own: within one process V8 keeps the compiled script in memory and
 * never looks at the cached data again.
 */
function requireWithCodeCache(bundle: string, cacheDir: string): { exports: unknown; cache: CodeCacheUse } {
  const script = `const { requireWithCodeCache } = require(${JSON.stringify(CODE_CACHE)}); process.stdout.write(JSON.stringify(requireWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)})));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { exports: unknown; cache: CodeCacheUse };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A CommonJS bundle that requires a module next to it, in a fresh folder, and a cache folder beside it. */
function bundleProject(): { bundle: string; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'agent-audit-code-cache-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'helper.js'), 'module.exports = (x) => x * 2;\n');
  const bundle = join(dir, 'bundle.js');
  writeFileSync(bundle, `const twice = require('./helper.js');\nexports.answer = twice(21);\nexports.file = __filename;\nexports.padding = ${JSON.stringify('x'.repeat(2000))}.length;\n`);
  return { bundle, cacheDir: join(dir, 'cache') };
}

describe('requireWithCodeCache', () => {
  it('compiles and keeps the code on the first load, and loads it from the cache after', () => {
    const { bundle, cacheDir } = bundleProject();
    const first = requireWithCodeCache(bundle, cacheDir);
    expect(first.cache).toBe('created');
    expect(first.exports).toMatchObject({ answer: 42, file: bundle });
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^bundle\.js-\d+-\d+-v[\d.]+-\w+-[0-9a-f]{12}\.bin$/)]);
    const second = requireWithCodeCache(bundle, cacheDir);
    expect(second.cache).toBe('used');
    expect(second.exports).toMatchObject({ answer: 42 });
  });

  it('replaces a damaged cache, and a changed bundle gets its own', () => {
    const { bundle, cacheDir } = bundleProject();
    requireWithCodeCache(bundle, cacheDir);
    const [name] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, name as string), 'not V8 code at all');
    const damaged = requireWithCodeCache(bundle, cacheDir);
    expect(damaged.cache).toBe('rejected');
    expect(damaged.exports).toMatchObject({ answer: 42 });
    expect(requireWithCodeCache(bundle, cacheDir).cache).toBe('used');
    writeFileSync(bundle, 'exports.answer = 43;\n');
    const changed = requireWithCodeCache(bundle, cacheDir);
    expect([changed.cache, changed.exports]).toEqual(['created', { answer: 43 }]);
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });

  it('loads the bundle when the cache cannot be written, or its file is no file', () => {
    const { bundle, cacheDir } = bundleProject();
    const loaded = requireWithCodeCache(bundle, join(bundle, 'cache'));
    expect([loaded.cache, loaded.exports]).toEqual(['unwritable', expect.objectContaining({ answer: 42 })]);
    requireWithCodeCache(bundle, cacheDir);
    const [name] = readdirSync(cacheDir);
    rmSync(join(cacheDir, name as string));
    mkdirSync(join(cacheDir, name as string, 'inside'), { recursive: true });
    const blocked = requireWithCodeCache(bundle, cacheDir);
    expect([blocked.cache, blocked.exports]).toEqual(['unwritable', expect.objectContaining({ answer: 42 })]);
    expect(readdirSync(cacheDir)).toEqual([name]);
  });
});
