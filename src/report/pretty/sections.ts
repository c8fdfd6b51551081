import type { ChalkInstance } from 'chalk';
import type { AuditResult } from '../../types.js';
import { inventoryLines } from '../inventory-lines.js';
import { taxonomyLines } from '../taxonomy-lines.js';
import { wrap } from '../text-wrap.js';

export function pollingLines(c: ChalkInstance, polling: AuditResult['polling'], width: number): string[] {
  if (polling.sites.length === 0) return [];
  const out = ['', c.bold('Polling budget')];
  for (const site of polling.sites) {
    const rate = site.callsPerMinute === null ? 'unknown interval' : `${site.callsPerMinute} calls/min`;
    out.push(wrap(`${site.file}:${site.line} ${site.mechanism}, ${site.callsPerTick} call(s)/tick, ${rate}`, width, '  '));
  }
  if (polling.perInstanceCallsPerMinute !== null) {
    const unknown = polling.unknownIntervalSites > 0 ? ` (+${polling.unknownIntervalSites} site(s) at an unknown interval)` : '';
    out.push(wrap(`total: ${polling.perInstanceCallsPerMinute} calls/min per instance × ${polling.instances} instance(s) = ${polling.fleetCallsPerMinute} calls/min${unknown}`, width, '  '));
  }
  return out;
}

export function agentInventoryLines(c: ChalkInstance, result: AuditResult, width: number): string[] {
  const inventory = inventoryLines(result.inventory, result.polling.sites);
  if (inventory.length === 0) return [];
  const out = ['', c.bold('Agent inventory')];
  for (const section of inventory) {
    out.push(`  ${section.title}`);
    for (const line of section.lines) out.push(wrap(line, width, '    '));
  }
  return out;
}

/** The failure-mode matrix in one line by default (it is 80+ lines); `full` prints all of it. */
export function taxonomySectionLines(c: ChalkInstance, taxonomy: AuditResult['taxonomy'], full: boolean, width: number): string[] {
  if (!taxonomy) return [];
  if (full) return ['', ...taxonomyLines(taxonomy, c)];
  const withFindings = taxonomy.modes.filter((m) => (m.findings ?? 0) > 0).length;
  const versions = taxonomy.versions.map((v) => `v${v}`).join(' + ');
  const line = `Microsoft agentic failure modes (${versions}): ${taxonomy.checked} checked by rules, ${withFindings} with findings, ${taxonomy.manualReview} for manual review (--taxonomy for the matrix)`;
  return ['', c.dim(wrap(line, width, ''))];
}

export function diagnosticLines(c: ChalkInstance, result: AuditResult, width: number): string[] {
  const coverage = result.coverage;
  const problems = [
    ...coverage.parseErrors.map((p) => `${p.path}:${p.line ?? 1}:${p.column ?? 1} parse error, audited as far as the parser recovered: ${p.message}`),
    ...coverage.unreadable.map((u) => `${u.path}: ${u.reason}`),
    ...coverage.notAudited.map((u) => `${u.path}: not audited, ${u.reason}`),
    ...result.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`),
  ];
  const out: string[] = [];
  if (problems.length > 0) {
    out.push('', c.bold('Diagnostics'));
    // A loop, not push(...lines): tens of thousands of diagnostics would overflow the call stack.
    for (const p of problems) out.push(wrap(p, width, '  '));
  }
  if (coverage.filesSkipped.length > 0) {
    const reasons = [...new Set(coverage.filesSkipped.map((s) => s.reason))].join(', ');
    out.push('', c.dim(wrap(`${coverage.filesSkipped.length} file(s) skipped: ${reasons} (see --format json)`, width, '')));
  }
  return out;
}
