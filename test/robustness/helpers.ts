import { spawnSync } from 'node:child_process';
import { BIN } from '../helpers/cli.js';
import { audit } from '../../src/audit.js';
import type { AuditResult } from '../../src/types.js';

/** A file whose one critical finding fails the default gate: hiding it would turn the gate green. */
export const CRITICAL_SOURCE = 'const apiKey = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";\nexport default apiKey;\n';
export const CRITICAL_RULE = 'connectors/hardcoded-secret';

export interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built CLI with a hard time limit: a hang is a failed case, not a stuck test run. */
export function run(args: readonly string[], options: { cwd?: string; input?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    input: options.input,
    timeout: options.timeoutMs ?? 30_000,
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Audits `dir` as JSON; the run must end by itself and print a report. */
export function auditJson(dir: string, args: readonly string[] = [], options: { cwd?: string; timeoutMs?: number } = {}): { status: number | null; result: AuditResult; stderr: string } {
  const done = run(['--format', 'json', ...args, dir], options);
  if (done.signal) throw new Error(`agent-audit was killed (${done.signal}): it did not finish in time`);
  let result: AuditResult;
  try {
    result = JSON.parse(done.stdout) as AuditResult;
  } catch {
    throw new Error(`no JSON report (exit ${done.status}): ${done.stderr.slice(0, 500)}`);
  }
  return { status: done.status, result, stderr: done.stderr };
}

export const findingFiles = (result: AuditResult, ruleId = CRITICAL_RULE): string[] => result.findings.filter((f) => f.ruleId === ruleId).map((f) => f.file).sort();

/** The audit in this process (no CLI start-up): for cases that cannot hang or kill the process. */
export async function auditInProcess(dir: string): Promise<{ status: number; result: AuditResult }> {
  const result = await audit({ paths: [dir], config: {}, configDir: dir });
  return { status: result.gate.passed ? 0 : 1, result };
}
