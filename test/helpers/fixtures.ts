import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { audit } from '../../src/audit.js';
import { isSourceFile } from '../../src/project/discover.js';
import { SEVERITIES, type AuditResult, type Severity } from '../../src/types.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

export function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

/**
 * What an annotation says about the line after it:
 * - `ruleid` — the rule reports it, with this message id (and this severity, when one is given);
 * - `ok` — the rule checks it (it counts towards the rule's score) and it passes;
 * - `notjudged` — the rule does not count it at all (neither checked nor failing);
 * - `todoruleid` — a known gap: it should be reported but is not yet (not asserted).
 */
export interface Expectation {
  readonly kind: 'ruleid' | 'ok' | 'notjudged' | 'todoruleid';
  readonly ruleId: string;
  readonly messageId?: string;
  readonly severity?: Severity;
  /** The line the annotation is about: the one after the comment. */
  readonly line: number;
  /** Where the annotation itself is, for failure messages. */
  readonly text: string;
}

const ANNOTATION = /\/\/\s*(ruleid|ok|notjudged|todoruleid):\s*(.*)$/;

/** A malformed annotation is a test failure, not a silently ignored line. */
export class AnnotationError extends Error {}

function parseAnnotation(kind: Expectation['kind'], rest: string, line: number, where: string): Expectation {
  const [ruleId, messageId, severity, ...extra] = rest.trim().split(/\s+/);
  const text = `${where}:${line - 1}`;
  if (!ruleId || !/^[a-z]+\/[a-z0-9-]+$/.test(ruleId)) throw new AnnotationError(`${text}: '${kind}:' needs a rule id <category>/<name>, got '${rest.trim()}'`);
  if (kind !== 'ruleid') {
    if (messageId !== undefined) throw new AnnotationError(`${text}: only 'ruleid:' takes a message id; '${kind}: ${rest.trim()}' has extra words`);
    return { kind, ruleId, line, text };
  }
  if (!messageId) throw new AnnotationError(`${text}: 'ruleid: ${ruleId}' needs the message id the rule reports, e.g. 'ruleid: ${ruleId} <messageId> [severity]'`);
  if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) throw new AnnotationError(`${text}: '${severity}' is not a severity (${SEVERITIES.join(', ')})`);
  if (extra.length > 0) throw new AnnotationError(`${text}: unexpected words after the severity: '${extra.join(' ')}'`);
  return { kind, ruleId, messageId, ...(severity ? { severity: severity as Severity } : {}), line, text };
}

/** Semgrep-style annotations on the line before the target: `// ruleid: <id> <messageId> [severity]`, `// ok: <id>`, `// notjudged: <id>`, `// todoruleid: <id>`. */
export function readExpectations(file: string): Expectation[] {
  const where = relative(FIXTURES, file);
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, index) => {
      const match = ANNOTATION.exec(text);
      return match ? [parseAnnotation(match[1] as Expectation['kind'], match[2] ?? '', index + 2, where)] : [];
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

/** A folder holding this file is a whole-project case of a project-level rule. */
export const PROJECT_CASE_FILE = 'expected.json';

/** Per-file fixtures: every source file under fixtures/rules/, except those inside project-level cases. */
export function ruleFixtureFiles(): string[] {
  const cases = projectCaseDirs();
  return listFiles(join(FIXTURES, 'rules')).filter((file) => isSourceFile(file) && !cases.some((dir) => file.startsWith(dir + sep)));
}

/** fixtures/rules/<category>/<name>/<case>/ folders with an expected.json: cases for project-level rules. */
export function projectCaseDirs(): string[] {
  return listFiles(join(FIXTURES, 'rules'))
    .filter((file) => basename(file) === PROJECT_CASE_FILE)
    .map(dirname);
}
