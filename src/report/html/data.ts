import { SEVERITIES, type AuditResult, type Finding } from '../../types.js';
import { ruleDocsUrl, type RenderOptions } from '../options.js';
import { isWebUrl } from './escape.js';
import { codeExcerpt, type CodeExcerpt } from './excerpt.js';
import { redactSpans } from './redact.js';

/** Findings may carry the role of their file (server, browser, script…) once the project model sets it. */
type FindingWithRole = Finding & { readonly role?: string };

/** One finding as the page's script reads it from the embedded JSON. */
export interface FindingView {
  readonly ruleId: string;
  readonly severity: string;
  readonly category: string;
  readonly message: string;
  readonly hint: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly role?: string;
  readonly suppressed?: string;
  readonly isNew?: boolean;
  readonly docsUrl: string;
  readonly fileUrl?: string;
  readonly excerpt?: CodeExcerpt;
}

export interface ReportData {
  readonly findings: readonly FindingView[];
  readonly severities: readonly string[];
  readonly categories: readonly string[];
  readonly files: readonly string[];
  readonly roles: readonly string[];
}

function bySeverityThenPlace(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column;
}

/** Findings whose span is a credential: excerpts hide the span, whichever finding they are for. */
const CREDENTIAL_RULES: ReadonlySet<string> = new Set(['connectors/hardcoded-secret']);

function credentialSpans(findings: readonly Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) if (CREDENTIAL_RULES.has(f.ruleId)) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  return byFile;
}

function excerptReader(findings: readonly Finding[], options: Pick<RenderOptions, 'readSourceLines'>): (finding: Finding) => CodeExcerpt | undefined {
  const read = options.readSourceLines;
  if (!read) return () => undefined;
  const secrets = credentialSpans(findings);
  const cache = new Map<string, readonly string[] | undefined>();
  return (finding) => {
    if (!cache.has(finding.file)) {
      const source = read(finding.file);
      cache.set(finding.file, source && redactSpans(source, secrets.get(finding.file) ?? []));
    }
    const source = cache.get(finding.file);
    return source ? codeExcerpt(source, finding) : undefined;
  };
}

function fileLink(linkBase: string | undefined, finding: Finding): string | undefined {
  if (!linkBase || !isWebUrl(linkBase)) return undefined;
  return `${linkBase.replace(/\/?$/, '/')}${finding.file.split('/').map(encodeURIComponent).join('/')}#L${finding.line}`;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** The data the findings list is drawn from: every finding (suppressed ones flagged), worst first. */
export function reportData(result: AuditResult, options: Pick<RenderOptions, 'readSourceLines' | 'linkBase'>): ReportData {
  const excerptOf = excerptReader(result.findings, options);
  const findings = [...(result.findings as readonly FindingWithRole[])].sort(bySeverityThenPlace).map((f): FindingView => {
    const excerpt = excerptOf(f);
    const fileUrl = fileLink(options.linkBase, f);
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      category: f.category,
      message: f.message,
      hint: f.hint,
      file: f.file,
      line: f.line,
      column: f.column,
      ...(typeof f.role === 'string' ? { role: f.role } : {}),
      ...(f.suppressed ? { suppressed: f.suppressed.reason } : {}),
      ...(f.baseline === 'new' ? { isNew: true } : {}),
      docsUrl: ruleDocsUrl(f.ruleId),
      ...(fileUrl ? { fileUrl } : {}),
      ...(excerpt ? { excerpt } : {}),
    };
  });
  return {
    findings,
    severities: SEVERITIES,
    categories: sortedUnique(findings.map((f) => f.category)),
    files: sortedUnique(findings.map((f) => f.file)),
    roles: sortedUnique(findings.flatMap((f) => (f.role ? [f.role] : []))),
  };
}
