import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest, rangeMajor } from '../src/project/manifest.js';

describe('rangeMajor: the major version a dependency range names', () => {
  it.each([
    ['^5.0.12', 5],
    ['~4.3.16', 4],
    ['6', 6],
    ['5.x', 5],
    ['>=6 <7', 6],
    ['>= 4.2.0', 4],
    ['v5.1.0', 5],
    ['^5 || ^6', 5],
  ])('%s → %d', (range, major) => expect(rangeMajor(range)).toBe(major));

  it.each(['latest', '*', 'workspace:*', 'catalog:', 'npm:ai@5.0.0', 'github:vercel/ai', 'file:../ai', ''])('%s names none', (range) => expect(rangeMajor(range)).toBeUndefined());
});

describe('parseManifest: dependency majors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-audit-manifest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the majors it can read, the first section naming a package winning', () => {
    const file = join(dir, 'package.json');
    writeFileSync(file, JSON.stringify({ name: 'app', private: true, dependencies: { ai: '^5.0.1', zod: 'latest' }, devDependencies: { ai: '^4.0.0', vitest: '~4.0.3' }, peerDependencies: { react: 19 } }));
    expect(parseManifest(file, dir)?.dependencyMajors).toEqual({ ai: 5, vitest: 4 });
  });
});
