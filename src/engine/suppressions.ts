import { ts } from '../model/ast.js';
import type { DiagnosticMessage, Suppression } from '../types.js';
import { didYouMean } from '../suggest.js';

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

const NEXT_LINE = /^\/\/\s*agent-audit-disable-next-line\s+(.*)$/;
const FILE_LEVEL = /^\/\*\s*agent-audit-disable\s+([\s\S]*?)\*\/$/;

function splitDirective(body: string): { ruleIds: string[]; reason: string } {
  const [rules = '', ...reasonParts] = body.split(/\s--\s?|\s--$/);
  const reason = reasonParts.join(' -- ').trim();
  const ruleIds = rules.split(/[,\s]+/).map((id) => id.trim()).filter(Boolean);
  return { ruleIds, reason };
}

/** Comments of a file, found by TypeScript's scanner: directives inside strings or templates do not count. */
function comments(text: string, languageVariant: ts.LanguageVariant): { text: string; pos: number; kind: ts.SyntaxKind }[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, languageVariant, text);
  const found: { text: string; pos: number; kind: ts.SyntaxKind }[] = [];
  // Braces opened in code vs. template substitutions `${…}`, so a `}` that closes a substitution is
  // rescanned as template text (and backticks or comment markers inside templates are not misread).
  const braces: ('code' | 'template')[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) {
      found.push({ text: scanner.getTokenText(), pos: scanner.getTokenStart(), kind: token });
    } else if (token === ts.SyntaxKind.TemplateHead) {
      braces.push('template');
    } else if (token === ts.SyntaxKind.OpenBraceToken) {
      braces.push('code');
    } else if (token === ts.SyntaxKind.CloseBraceToken) {
      if (braces.pop() === 'template' && scanner.reScanTemplateToken(false) === ts.SyntaxKind.TemplateMiddle) braces.push('template');
    }
  }
  return found;
}

/**
 * Finds `// agent-audit-disable-next-line id[, id] -- reason` and `/* agent-audit-disable id -- reason *\/`
 * in real comments that start with the directive.
 */
export function parseSuppressions(sourceFile: ts.SourceFile): SuppressionDirective[] {
  const text = sourceFile.text;
  if (!text.includes('agent-audit-disable')) return [];
  const directives: SuppressionDirective[] = [];
  for (const comment of comments(text, sourceFile.languageVariant)) {
    const line = sourceFile.getLineAndCharacterOfPosition(comment.pos).line + 1;
    if (comment.kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      const match = NEXT_LINE.exec(comment.text);
      if (match) directives.push({ kind: 'next-line', line, targetLine: line + 1, ...splitDirective((match[1] ?? '').trim()) });
    } else {
      const match = FILE_LEVEL.exec(comment.text);
      if (match) directives.push({ kind: 'file', line, ...splitDirective((match[1] ?? '').trim()) });
    }
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
  // Indexed by rule and line: scanning every directive per finding was quadratic (30,000 suppressions took minutes).
  const fileWide = new Map<string, SuppressionDirective>();
  const byLine = new Map<string, SuppressionDirective>();
  for (const directive of directives) {
    if (!directive.reason) continue;
    for (const ruleId of directive.ruleIds) {
      if (directive.kind === 'file') {
        if (!fileWide.has(ruleId)) fileWide.set(ruleId, directive);
      } else if (!byLine.has(`${directive.targetLine}:${ruleId}`)) {
        byLine.set(`${directive.targetLine}:${ruleId}`, directive);
      }
    }
  }
  return {
    match(ruleId, line) {
      // The first directive in source order wins, as when they were scanned in order.
      const onLine = byLine.get(`${line}:${ruleId}`);
      const wide = fileWide.get(ruleId);
      const directive = onLine && wide ? (onLine.line < wide.line ? onLine : wide) : (onLine ?? wide);
      if (!directive) return undefined;
      used.add(key(directive, ruleId));
      return { kind: directive.kind, reason: directive.reason };
    },
    diagnostics(file, knownRuleIds) {
      const out: DiagnosticMessage[] = [];
      for (const directive of directives) {
        if (directive.ruleIds.length === 0 || !directive.reason) {
          out.push({ kind: 'suppression-without-reason', file, line: directive.line, message: 'Suppression needs rule ids and a reason: `agent-audit-disable-next-line <rule-id> -- <why>`; it was ignored.' });
          continue;
        }
        for (const ruleId of directive.ruleIds) {
          if (!knownRuleIds.has(ruleId)) out.push({ kind: 'unknown-rule-in-suppression', file, line: directive.line, message: `Suppression names unknown rule "${ruleId}"${didYouMean(ruleId, [...knownRuleIds])}.` });
          else if (!used.has(key(directive, ruleId))) out.push({ kind: 'unused-suppression', file, line: directive.line, message: `Unused suppression for ${ruleId}: no finding here to suppress.` });
        }
      }
      return out;
    },
  };
}
