import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { FIXTURES } from './fixtures.js';

const copies: string[] = [];

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of fixtures/projects/sharded-monorepo (a workspace of three packages), removed after the test. */
export function monorepoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agent-audit-monorepo-'));
  copies.push(dir);
  cpSync(join(FIXTURES, 'projects', 'sharded-monorepo'), dir, { recursive: true });
  return dir;
}

/** The report files every test compares: one per text format that CI keeps. */
export const REPORTS = [
  ['json', 'audit.json'],
  ['sarif', 'audit.sarif'],
  ['markdown', 'audit.md'],
] as const;

export const reportArgs = (prefix: string): string[] => REPORTS.flatMap(([format, file]) => ['--format', format, '--output', `${prefix}${file}`]);
