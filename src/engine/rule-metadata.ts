/**
 * What `rules` and `explain` show of each rule, written as JSON at build time. Listing the rules from
 * their modules loads the TypeScript compiler they analyse with: about half a second before the first
 * line of a command that parses nothing. The build writes the file from the same modules
 * (scripts/compile-rule-metadata.ts), so it says what they say.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import type { Rule } from './rule.js';

export const RULE_METADATA_FILE = join(PACKAGE_ROOT, 'dist', 'rules', 'metadata.json');

export type RuleMetadata = Pick<Rule, 'id' | 'category' | 'severity' | 'confidence' | 'title' | 'taxonomy' | 'docs' | 'hint'>;

export function metadataOf(rule: Rule): RuleMetadata {
  const { id, category, severity, confidence, title, taxonomy, docs, hint } = rule;
  return { id, category, severity, confidence, title, taxonomy, docs, hint };
}

/** The rules' metadata as the build wrote it; undefined when there is no such file (a build that skipped the step). */
export function builtRuleMetadata(): RuleMetadata[] | undefined {
  try {
    return JSON.parse(readFileSync(RULE_METADATA_FILE, 'utf8')) as RuleMetadata[];
  } catch {
    return undefined;
  }
}
