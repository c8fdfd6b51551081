import { EXIT_GATE_PASSED } from '../errors.js';
import { unifiedDiff } from '../fix/unified-diff.js';
import { runFixesFor, type AuditFlags } from './audit-command.js';
import { fixSummary } from './fix-summary.js';

/**
 * `agent-audit fix [paths]`: applies the fixes and prints what changed; `--dry-run` prints the diff
 * instead (the summary then goes to stderr, so the diff can be piped to `git apply`). Exit 0 whatever
 * remains: fixing is not a gate; run the audit for that.
 */
export async function runFixCommand(paths: readonly string[], flags: AuditFlags & { dryRun?: boolean }, write: (text: string) => void): Promise<number> {
  const run = await runFixesFor(paths, flags, { dryRun: flags.dryRun ?? false });
  if (run.planned) {
    write(unifiedDiff(run.planned));
    process.stderr.write(`agent-audit: ${fixSummary(run)}\n`);
    return EXIT_GATE_PASSED;
  }
  write(`${fixSummary(run)}\n${run.files.map((file) => `  ${file}\n`).join('')}`);
  return EXIT_GATE_PASSED;
}
