import type { DiagnosticMessage, Suppression } from '../types.js';

/** One suppression comment: which rules, which lines, why. */
export interface SuppressionDirective {
  readonly kind: 'next-line' | 'file';
  /** 1-based line of the comment. */
  readonly line: number;
  /** The line it covers (next-line) or undefined (whole file). */
  readonly targetLine?: number;
  readonly ruleIds: readonly string[];
  readonly reason: string;
}

const NEXT_LINE = /\/\/\s*agent-audit-disable-next-line\s+([^\n]*)/;
const FILE_LEVEL = /\/\*\s*agent-audit-disable\s+([\s\S]*?)\*\//g;

function splitDirective(body: string): { ruleIds: string[]; reason: string } {
  const [rules = '', ...reasonParts] = body.split(/\s--\s?|\s--$/);
  const reason = reasonParts.join(' -- ').trim();
  const ruleIds = rules.split(/[,\s]+/).map((id) => id.trim()).filter(Boolean);
  return { ruleIds, reason };
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Finds `// agent-audit-disable-next-line id[, id] -- reason` and `/* agent-audit-disable id -- reason *\/`. */
export function parseSuppressions(text: string): SuppressionDirective[] {
  const directives: SuppressionDirective[] = [];
  if (!text.includes('agent-audit-disable')) return directives;
  const lines = text.split('\n');
  lines.forEach((content, index) => {
    const match = NEXT_LINE.exec(content);
    if (!match) return;
    const { ruleIds, reason } = splitDirective((match[1] ?? '').trim());
    directives.push({ kind: 'next-line', line: index + 1, targetLine: index + 2, ruleIds, reason });
  });
  for (const match of text.matchAll(FILE_LEVEL)) {
    const { ruleIds, reason } = splitDirective((match[1] ?? '').trim());
    directives.push({ kind: 'file', line: lineOfOffset(text, match.index ?? 0), ruleIds, reason });
  }
  return directives;
}

export interface SuppressionMatcher {
  /** The suppression that covers a finding of `ruleId` on `line`, if any (marks the directive used). */
  match(ruleId: string, line: number): Suppression | undefined;
  /** Unused, reasonless and unknown-rule directives, as report diagnostics. */
  diagnostics(file: string, knownRuleIds: ReadonlySet<string>): DiagnosticMessage[];
}

export function createSuppressionMatcher(directives: readonly SuppressionDirective[]): SuppressionMatcher {
  const used = new Set<string>();
  const key = (directive: SuppressionDirective, ruleId: string): string => `${directive.line}:${ruleId}`;
  return {
    match(ruleId, line) {
      for (const directive of directives) {
        if (!directive.ruleIds.includes(ruleId) || !directive.reason) continue;
        if (directive.kind === 'file' || directive.targetLine === line) {
          used.add(key(directive, ruleId));
          return { kind: directive.kind, reason: directive.reason };
        }
      }
      return undefined;
    },
    diagnostics(file, knownRuleIds) {
      const out: DiagnosticMessage[] = [];
      for (const directive of directives) {
        if (directive.ruleIds.length === 0 || !directive.reason) {
          out.push({ kind: 'suppression-without-reason', file, line: directive.line, message: 'Suppression needs rule ids and a reason: `agent-audit-disable-next-line <rule-id> -- <why>`; it was ignored.' });
          continue;
        }
        for (const ruleId of directive.ruleIds) {
          if (!knownRuleIds.has(ruleId)) out.push({ kind: 'unknown-rule-in-suppression', file, line: directive.line, message: `Suppression names unknown rule "${ruleId}".` });
          else if (!used.has(key(directive, ruleId))) out.push({ kind: 'unused-suppression', file, line: directive.line, message: `Unused suppression for ${ruleId}: no finding here to suppress.` });
        }
      }
      return out;
    },
  };
}
