import { ruleDocPath } from '../docs/rule-docs.js';
import type { Rule } from '../engine/rule.js';

export interface RenderOptions {
  readonly color: boolean;
  readonly quiet: boolean;
  /** Rule metadata (titles, docs, taxonomy) for formats that describe rules (SARIF, markdown). */
  readonly rules: readonly Rule[];
  /** Prefix for file links in markdown, e.g. https://github.com/org/repo/blob/<sha>/ */
  readonly linkBase?: string;
  /**
   * The lines of an audited file (path relative to the result's root), for code excerpts in the HTML
   * report; undefined when the file cannot be read. Injected by the CLI so reporters do no I/O.
   */
  readonly readSourceLines?: (file: string) => readonly string[] | undefined;
  /** pretty: terminal columns to wrap at (the CLI passes the terminal's width; 80 when not a terminal). */
  readonly width?: number;
  /** pretty: the full failure-mode matrix instead of its one-line summary. */
  readonly taxonomy?: boolean;
}

/** Where each rule's documentation lives, for links in SARIF and markdown. */
export const DOCS_BASE_URL = 'https://github.com/agent-audit/agent-audit/blob/main/';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleDocPath(ruleId)}`;
}
