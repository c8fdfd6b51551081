import { createHash } from 'node:crypto';
import { ts } from '../../typescript.cjs';
import type { Catalog } from '../../catalog/types.js';
import { TOOL_VERSION } from '../../package-root.js';
import type { Rule } from '../rule.js';
import type { RuleSetting } from '../run-rules.js';

/** Bumped whenever what a cached outcome holds changes shape. */
export const OUTCOME_FORMAT = 25;

/** Maps, sets and patterns as data, so two equal inputs always hash alike. */
function canonical(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { map: [...value.entries()] };
  if (value instanceof Set) return { set: [...value] };
  if (value instanceof RegExp) return { regexp: String(value) };
  return value;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Everything a file's outcome depends on besides the file itself: the tool and its parser, the
 * rules and their settings, and the catalog with the user's additions. Project-level inputs (other
 * files, manifests, roles) are not in it: they are joined from the outcomes on every run.
 */
export function analysisKey(input: { readonly rules: readonly Rule[]; readonly settings: ReadonlyMap<string, RuleSetting>; readonly catalog: Catalog }): string {
  const parts = {
    format: OUTCOME_FORMAT,
    tool: TOOL_VERSION,
    typescript: ts.version,
    rules: input.rules.map((rule) => rule.id),
    settings: [...input.settings.entries()],
    catalog: input.catalog,
  };
  return sha256(JSON.stringify(parts, canonical));
}

/** What the client pre-pass's answers depend on besides each file: the tool and its parser (see scan-memo.ts). */
export function scanKey(): string {
  return sha256(JSON.stringify({ format: OUTCOME_FORMAT, tool: TOOL_VERSION, typescript: ts.version }));
}
