import type { Finding, RuleResult, TaxonomyRefs } from '../../types.js';
import { MICROSOFT_FAILURE_MODES, type FailureMode } from './frameworks.js';
import { MANUAL_REVIEW_CHECKS } from './manual-checks.js';

export interface FailureModeCoverage {
  readonly id: string;
  readonly name: string;
  readonly version: FailureMode['version'];
  readonly pillar: FailureMode['pillar'];
  /** `checked`: at least one active rule maps to the mode; `manual-review`: none does. */
  readonly status: 'checked' | 'manual-review';
  /** Ids of the active rules whose `taxonomy.microsoft` names the mode, in rule-set order. */
  readonly rules: readonly string[];
  /** Unsuppressed findings of those rules; absent when no audit result was given. */
  readonly findings?: number;
  /** What a human should check instead; only on manual-review modes. */
  readonly manualCheck?: string;
}

/** The Microsoft agentic failure-mode coverage matrix, in taxonomy order. */
export interface TaxonomyCoverage {
  readonly framework: 'microsoft-agentic-failure-modes';
  readonly versions: readonly FailureMode['version'][];
  readonly checked: number;
  readonly manualReview: number;
  readonly modes: readonly FailureModeCoverage[];
}

/** The parts of a rule the matrix reads, so a fake rule set is easy to build. */
export interface TaxonomyRule {
  readonly id: string;
  readonly taxonomy: Pick<TaxonomyRefs, 'microsoft'>;
}

/** The parts of an audit result the matrix reads. */
export interface TaxonomyAuditInput {
  readonly findings: readonly Pick<Finding, 'suppressed' | 'taxonomy'>[];
  readonly rules: readonly Pick<RuleResult, 'id' | 'severity'>[];
}

function findingsPerMode(findings: TaxonomyAuditInput['findings']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    if (finding.suppressed) continue;
    for (const mode of new Set(finding.taxonomy.microsoft)) counts.set(mode, (counts.get(mode) ?? 0) + 1);
  }
  return counts;
}

/**
 * Which Microsoft failure modes the rule set checks, from each rule's `taxonomy.microsoft`. With an
 * audit result, rules configured `off` do not count (nothing checked the mode in that audit) and each
 * mode gets its unsuppressed findings.
 */
export function taxonomyCoverage(rules: readonly TaxonomyRule[], audit?: TaxonomyAuditInput): TaxonomyCoverage {
  const off = new Set(audit?.rules.filter((r) => r.severity === 'off').map((r) => r.id));
  const active = rules.filter((rule) => !off.has(rule.id));
  const counts = audit ? findingsPerMode(audit.findings) : undefined;
  const modes = MICROSOFT_FAILURE_MODES.map((mode): FailureModeCoverage => {
    const checking = active.filter((rule) => rule.taxonomy.microsoft.includes(mode.id)).map((rule) => rule.id);
    const findings = counts ? { findings: counts.get(mode.id) ?? 0 } : {};
    const described = { id: mode.id, name: mode.name, version: mode.version, pillar: mode.pillar };
    if (checking.length > 0) return { ...described, status: 'checked', rules: checking, ...findings };
    return { ...described, status: 'manual-review', rules: [], ...findings, manualCheck: MANUAL_REVIEW_CHECKS[mode.id] ?? '' };
  });
  const checked = modes.filter((m) => m.status === 'checked').length;
  return { framework: 'microsoft-agentic-failure-modes', versions: [...new Set(MICROSOFT_FAILURE_MODES.map((m) => m.version))], checked, manualReview: modes.length - checked, modes };
}
