import type { AuditResult, Finding, Severity } from '../../src/types.js';
import { CATEGORIES, SEVERITIES } from '../../src/types.js';
import type { Role } from '../../src/model/roles/types.js';

/** Text an audited project controls, written to break out of a script block or an attribute. */
export const SCRIPT_BREAKOUT = '</script><script>alert(1)</script>';
export const IMG_ONERROR = '<img src=x onerror=alert(1)>';
export const HOSTILE_TEXT = `${SCRIPT_BREAKOUT} ${IMG_ONERROR} <!-- \u2028\u2029 & "quoted" 'single'`;

/** Puts hostile text everywhere audited code reaches the report: messages, hints, files, inventory. */
export function withHostileText(result: AuditResult): AuditResult {
  const findings = result.findings.map((f, i): Finding => (i === 0 ? { ...f, message: HOSTILE_TEXT, hint: HOSTILE_TEXT } : i === 1 ? { ...f, file: `src/${IMG_ONERROR}.ts` } : f));
  const inventory = result.inventory;
  return {
    ...result,
    findings,
    inventory: {
      ...inventory,
      prompts: [...inventory.prompts, { file: 'src/prompt.ts', line: 1, kind: 'system message', preview: HOSTILE_TEXT }],
      tools: [...inventory.tools, { file: `src/${IMG_ONERROR}.ts`, line: 2, name: SCRIPT_BREAKOUT, framework: 'ai-sdk', schemaValidated: false, destructive: true }],
    },
    polling: { ...result.polling, sites: [...result.polling.sites, { file: 'src/poll.ts', line: 3, mechanism: IMG_ONERROR, intervalMs: null, callsPerTick: 1, callsPerMinute: null }] },
  };
}

/** Gives every finding a file role, as the project model does, cycling through the given roles. */
export function withRoles(result: AuditResult, roles: readonly Role[]): AuditResult {
  return { ...result, findings: result.findings.map((f, i) => ({ ...f, role: roles[i % roles.length] as Role })) };
}

export const MANY_FILES = 250;

/**
 * A report with `count` findings made from the real ones: finding i has severity SEVERITIES[i % 4],
 * category CATEGORIES[i % 5] and file src/module-<i % MANY_FILES>.ts, so filter counts are known.
 */
export function withManyFindings(result: AuditResult, count: number): AuditResult {
  const templates = result.findings;
  const findings = Array.from({ length: count }, (_, i): Finding => {
    const template = templates[i % templates.length] as Finding;
    return {
      ...template,
      severity: SEVERITIES[i % SEVERITIES.length] as Severity,
      category: CATEGORIES[i % CATEGORIES.length] as Finding['category'],
      file: `src/module-${String(i % MANY_FILES).padStart(3, '0')}.ts`,
      line: 1 + (i % 40),
      fingerprint: `${template.fingerprint}-${i}`,
    };
  });
  return { ...result, findings };
}

/** How many of `count` synthetic findings match a predicate on their index (mirrors withManyFindings). */
export function countMatching(count: number, predicate: (i: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < count; i++) if (predicate(i)) n++;
  return n;
}
