import type { ts } from '../model/ast.js';
import type { FileFacts } from '../model/file-facts.js';
import type { Category, Confidence, Severity, TaxonomyRefs } from '../types.js';
import type { ProjectFacts } from '../model/project-facts.js';
import type { ProjectCondition } from '../model/project-conditions.js';
import type { Catalog } from '../catalog/types.js';
import type { PackageManifest } from '../project/manifest.js';

export type { PackageManifest };
import type { Role } from '../model/roles/types.js';

export interface RuleDocs {
  /**
   * One sentence of at most SUMMARY_MAX_WORDS words: what the rule flags. The README table, the `rules`
   * listing, SARIF and the top of the rule's page show it; the detail goes in the two lists below.
   */
  readonly summary: string;
  /** What the rule looks for and where it judges a site, beyond the summary: one point per item. */
  readonly details?: readonly string[];
  /** Look-alikes and cases it leaves alone on purpose, one per item, each saying why. */
  readonly notFlagged?: readonly string[];
  /** Why this fails in production. */
  readonly why: string;
  /** A minimal example the rule flags exactly once. */
  readonly bad: string;
  /** The same code done right: the rule stays silent. */
  readonly good: string;
  readonly references: readonly string[];
}

/** A summary longer than this stops being a line a reader takes in at a glance (the README table's cell). */
export const SUMMARY_MAX_WORDS = 45;

export type MessageData = Readonly<Record<string, string | number>>;

/** Structured, JSON-safe facts a rule attaches to a finding (e.g. a polling site's arithmetic). */
export type FindingDetails = Readonly<Record<string, string | number | boolean | null>>;

export interface ReportExtras {
  /** Structured facts for the JSON output (e.g. a polling site's interval and calls/min). */
  readonly details?: FindingDetails;
  /** The finding is dropped if this holds for the whole project (e.g. "something deletes from this store"). */
  readonly unless?: ProjectCondition;
  /** The site does not count at all (neither checked nor failing) if this holds (e.g. "no tracing at all"). */
  readonly notApplicableIf?: ProjectCondition;
  /** A lower severity for this finding than the rule's (a lesser variant of the problem); never raises it. */
  readonly severity?: Severity;
  /** Edits (in this file) that resolve the finding; built by the rule's fix builder, which has the AST. */
  readonly fix?: RuleFix;
  /**
   * The code whose role decides whether the finding is judged, when it is not the reported node: a
   * response fetched in the browser arm of `onServer ? … : fetch(url)` and read by code both sides run.
   */
  readonly judgedAt?: ts.Node;
}

/** A fix as a rule builds it: edits in the file being checked. */
export interface RuleFix {
  readonly description: string;
  readonly edits: readonly { readonly start: number; readonly end: number; readonly replacement: string }[];
}

/** Settings fix builders read (config `fix`). */
export interface FixSettings {
  /** The bound written into added timeouts, in milliseconds. */
  readonly timeoutMs: number;
}

export const DEFAULT_FIX_SETTINGS: FixSettings = { timeoutMs: 30_000 };

export interface RuleContext<MessageId extends string> {
  readonly file: FileFacts;
  /** What fix builders need from the config (e.g. the timeout to add). */
  readonly fixSettings: FixSettings;
  /** Reports a failing site; it also counts as checked. */
  report(node: ts.Node, messageId: MessageId, data?: MessageData, extras?: ReportExtras): void;
  /** Counts a site the rule examined (the denominator of the rule score), unless a project condition holds. */
  checked(node: ts.Node, extras?: { readonly unless?: ProjectCondition }): void;
}

/** Where a project-level finding points: a source file or the package manifest. */
export interface ProjectLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Stable text identifying the site, for the fingerprint (no line numbers). */
  readonly anchor: string;
}

export interface ProjectRuleContext<MessageId extends string> {
  readonly project: ProjectFacts;
  readonly manifest?: PackageManifest;
  /** Files under the audited root that match the catalog's eval-suite patterns (found on first call). */
  evalFiles(): readonly string[];
  /** Files under the package that match the catalog's prompt-file patterns (`prompts/*.md`, `*.prompt`), found on first call. */
  promptFiles(): readonly string[];
  readonly catalog: Catalog;
  /** Reports a failing site; it also counts as checked. */
  report(location: ProjectLocation, messageId: MessageId, data?: MessageData): void;
  /** Counts a passing site. */
  checked(): void;
}

export interface RuleDefinition<MessageId extends string> {
  readonly id: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly title: string;
  readonly taxonomy: TaxonomyRefs;
  readonly docs: RuleDocs;
  /** One-line fix hint shown under each finding. */
  readonly hint: string;
  /** Code roles this rule judges (default: its category's, see engine/rule-roles.ts). */
  readonly roles?: readonly Role[];
  /** Message templates keyed by id; `{{name}}` is replaced from report data. */
  readonly messages: Readonly<Record<MessageId, string>>;
  /** Per-file check over precomputed facts. */
  check?(context: RuleContext<MessageId>): void;
  /** Whole-project check, after every file was analysed. */
  checkProject?(context: ProjectRuleContext<MessageId>): void;
}

/** A rule with its message ids erased: what the engine and registry hold. */
export type Rule = RuleDefinition<string>;

/** `const` type parameter: report() only accepts message ids the rule declares. */
export function defineRule<const MessageId extends string>(rule: RuleDefinition<MessageId>): Rule {
  return rule as unknown as Rule;
}

export function formatMessage(template: string, data: MessageData = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => (key in data ? String(data[key]) : match));
}
