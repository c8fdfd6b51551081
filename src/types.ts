import type { Inventory } from './inventory/types.js';
import type { TaxonomyCoverage } from './verdict/taxonomy/coverage.js';
import type { FileRole, Role } from './model/roles/types.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = ['memory', 'connectors', 'events', 'security', 'observability'] as const;
export type Category = (typeof CATEGORIES)[number];

export type Confidence = 'high' | 'medium' | 'low';

export interface TaxonomyRefs {
  /** Microsoft AI Red Team failure modes, as ids from src/taxonomy/frameworks.ts (e.g. `memory-poisoning`). */
  readonly microsoft: readonly string[];
  /** OWASP Top 10 for LLM Applications 2025, e.g. `LLM10:2025`. */
  readonly owaspLlm: readonly string[];
  /** OWASP Agentic AI threats, e.g. `T1`. */
  readonly owaspAgentic: readonly string[];
  /** CWE ids, e.g. `CWE-252`. */
  readonly cwe: readonly string[];
}

export interface Suppression {
  readonly kind: 'next-line' | 'file';
  readonly reason: string;
}

/** One replacement in a file's text: offsets are UTF-16 positions in the text as audited (as JavaScript strings count). */
export interface TextEdit {
  /** Relative to the root, like the finding's file. */
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/** A deterministic rewrite that resolves a finding: all its edits are applied together or not at all. */
export interface FindingFix {
  /** What the fix does, in a few words (e.g. "add signal: AbortSignal.timeout(30000)"). */
  readonly description: string;
  readonly edits: readonly TextEdit[];
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly category: Category;
  readonly message: string;
  readonly hint: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly fingerprint: string;
  readonly suppressed?: Suppression;
  /** With --baseline: whether the finding was already recorded ('unchanged') or is new. */
  readonly baseline?: 'new' | 'unchanged';
  /** Structured facts behind the message (e.g. a polling site's interval and calls/min). */
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
  readonly taxonomy: TaxonomyRefs;
  /** The code role of the finding's file (server, browser, script, example, test, generated). */
  readonly role?: Role;
  /** A rewrite that resolves the finding (`agent-audit fix`), when one is unambiguous. */
  readonly fix?: FindingFix;
}

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface ParseError {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface Coverage {
  readonly filesAudited: number;
  readonly filesSkipped: readonly SkippedFile[];
  /** Files the parser had to recover from: they were audited as far as the parser got. */
  readonly parseErrors: readonly ParseError[];
  /** Files that could not be read at all (permissions, I/O errors). */
  readonly unreadable: readonly SkippedFile[];
  /**
   * Source files left out for something the audited tree itself controls (size, nesting too deep to
   * analyse): listed with the reason, and they fail the gate so no file can be hidden from it.
   */
  readonly notAudited: readonly SkippedFile[];
  /** Audited files per code role, and the roles rules judged beyond their defaults (--include-roles). */
  readonly roles?: Readonly<Record<Role, number>>;
  readonly includedRoles?: readonly Role[];
}

export interface RuleResult {
  readonly id: string;
  readonly severity: Severity | 'off';
  readonly category: Category;
  readonly checked: number;
  readonly failed: number;
  /** 1 - failed / checked, or null when the rule checked nothing (not applicable). */
  readonly score: number | null;
  readonly applicable: boolean;
  readonly weight: number;
}

export type Band = 'ready' | 'needs work' | 'not ready';

export interface CategoryScore {
  readonly score: number | null;
  readonly weight: number;
  readonly rules: readonly string[];
}

export interface ScoreResult {
  /** 0–100, or null when no rule was applicable. */
  readonly overall: number | null;
  readonly uncapped: number | null;
  readonly band: Band | 'not applicable';
  readonly capped: boolean;
  readonly capReason?: string;
  readonly categories: Readonly<Record<Category, CategoryScore>>;
  readonly severityWeights: Readonly<Record<Severity, number>>;
}

export interface GateCondition {
  readonly name: string;
  readonly threshold: number | string;
  readonly actual: number | string | null;
  readonly passed: boolean;
  /** The condition and its outcome in words, e.g. "score 42 < 50 (default gate: fails in the 'not ready' band)". */
  readonly reason?: string;
}

export interface GateResult {
  readonly passed: boolean;
  readonly conditions: readonly GateCondition[];
}

export interface PollingSiteSummary {
  readonly file: string;
  readonly line: number;
  readonly mechanism: string;
  readonly intervalMs: number | null;
  /** Network calls every tick makes; calls made once per item of a loop are counted only when there are no others. */
  readonly callsPerTick: number;
  readonly callsPerMinute: number | null;
}

export interface DiagnosticMessage {
  readonly kind: 'unused-suppression' | 'suppression-without-reason' | 'unknown-rule-in-suppression' | 'rule-error';
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly file: string;
  readonly message: string;
}

export interface BaselineSummary {
  readonly path: string;
  readonly new: number;
  readonly unchanged: number;
  /** The overall score recorded with the baseline (absent in files written before scores were recorded). */
  readonly score?: number | null;
  /** Recorded findings that no longer occur. */
  readonly fixed: readonly BaselineEntry[];
}

export interface AuditResult {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'agent-audit'; readonly version: string };
  readonly root: string;
  readonly coverage: Coverage;
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly DiagnosticMessage[];
  readonly rules: readonly RuleResult[];
  readonly score: ScoreResult;
  readonly polling: {
    readonly sites: readonly PollingSiteSummary[];
    readonly perInstanceCallsPerMinute: number | null;
    readonly instances: number;
    readonly fleetCallsPerMinute: number | null;
    readonly unknownIntervalSites: number;
  };
  /** What the agent is made of: models, prompts, tools, vector stores, MCP servers, endpoints. */
  readonly inventory: Inventory;
  readonly baseline?: BaselineSummary;
  /** With --changed-since: the files findings were reported for. */
  readonly changedFiles?: readonly string[];
  readonly gate: GateResult;
  /** With --explain-roles: every audited file's role and the evidence that decided it. */
  readonly fileRoles?: readonly ({ readonly file: string } & FileRole)[];
  /** Microsoft agentic failure-mode coverage matrix; optional in schema 1 (added after it shipped). */
  readonly taxonomy?: TaxonomyCoverage;
}
