import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { audit } from '../../src/audit.js';
import { isSourceFile } from '../../src/project/discover.js';
import type { AuditResult } from '../../src/types.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

export function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

export interface Expectation {
  readonly kind: 'ruleid' | 'ok' | 'todoruleid';
  readonly ruleId: string;
  /** The line the annotation is about: the one after the comment. */
  readonly line: number;
}

const ANNOTATION = /\/\/\s*(ruleid|ok|todoruleid):\s*([\w/-]+)/;

/** Semgrep-style annotations: `// ruleid: <id>` / `// ok: <id>` / `// todoruleid: <id>` on the line before the target. */
export function readExpectations(file: string): Expectation[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, index) => {
      const match = ANNOTATION.exec(text);
      return match ? [{ kind: match[1] as Expectation['kind'], ruleId: match[2] as string, line: index + 2 }] : [];
    });
}

/** Audits one file as a whole project of its own, with the default config. */
export function auditFile(file: string): Promise<AuditResult> {
  return audit({ paths: [file], config: {}, configDir: FIXTURES });
}

/** fixtures/rules/<category>/<name>/… → <category>/<name> */
export function ruleIdOfFixture(file: string): string {
  const parts = relative(join(FIXTURES, 'rules'), file).split(/[\\/]/);
  return `${parts[0]}/${parts[1]}`;
}

export function ruleFixtureFiles(): string[] {
  return listFiles(join(FIXTURES, 'rules')).filter(isSourceFile);
}
