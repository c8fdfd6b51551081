import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { FIXTURES } from './fixtures.js';

const copies: string[] = [];

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of a fixture project (a path under fixtures/), removed after the test. */
export function fixtureCopy(...path: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'agent-audit-fixture-'));
  copies.push(dir);
  cpSync(join(FIXTURES, ...path), dir, { recursive: true });
  return dir;
}

/** A fresh copy of fixtures/projects/sharded-monorepo (a workspace of three packages), removed after the test. */
export function monorepoCopy(): string {
  return fixtureCopy('projects', 'sharded-monorepo');
}

/** The report files every test compares: one per text format that CI keeps. */
export const REPORTS = [
  ['json', 'audit.json'],
  ['sarif', 'audit.sarif'],
  ['markdown', 'audit.md'],
] as const;

export const reportArgs = (prefix: string): string[] => REPORTS.flatMap(([format, file]) => ['--format', format, '--output', `${prefix}${file}`]);
