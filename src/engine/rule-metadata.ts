/**
 * What `rules` and `explain` show of each rule, written as JSON at build time. Listing the rules from
 * their modules loads the TypeScript compiler they analyse with: about half a second before the first
 * line of a command that parses nothing. The build writes the file from the same modules
 * (scripts/compile-rule-metadata.ts) with a hash of each (times would not survive `npm pack`); a module
 * written since (a `tsc` run without the rest of the build) makes the file stale, and the commands load
 * the rules.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import type { Rule } from './rule.js';

export const RULE_METADATA_FILE = join(PACKAGE_ROOT, 'dist', 'rules', 'metadata.json');

export type RuleMetadata = Pick<Rule, 'id' | 'category' | 'severity' | 'confidence' | 'title' | 'taxonomy' | 'docs' | 'hint'>;

export interface BuiltRuleMetadata {
  /** The modules the metadata was read from, with a hash of each. */
  readonly modules: Readonly<Record<string, string>>;
  readonly rules: readonly RuleMetadata[];
}

export function metadataOf(rule: Rule): RuleMetadata {
  const { id, category, severity, confidence, title, taxonomy, docs, hint } = rule;
  return { id, category, severity, confidence, title, taxonomy, docs, hint };
}

/** The built module of each rule and the registry, relative to the package: where the metadata comes from. */
export function ruleModules(rules: readonly Pick<Rule, 'id'>[]): string[] {
  return ['dist/rules/index.js', ...rules.map((rule) => `dist/rules/${rule.id}/index.js`)];
}

/** Each module (relative to `root`) with a hash of its content. */
export function moduleHashes(paths: readonly string[], root = PACKAGE_ROOT): Record<string, string> {
  return Object.fromEntries(paths.map((path) => [path, createHash('sha256').update(readFileSync(join(root, path))).digest('hex')]));
}

/** The rules' metadata as the build wrote it; undefined when there is no such file or a module changed since. */
export function builtRuleMetadata(file = RULE_METADATA_FILE, root = PACKAGE_ROOT): readonly RuleMetadata[] | undefined {
  try {
    const built = JSON.parse(readFileSync(file, 'utf8')) as BuiltRuleMetadata;
    const now = moduleHashes(Object.keys(built.modules), root);
    return Object.entries(built.modules).every(([path, hash]) => now[path] === hash) ? built.rules : undefined;
  } catch {
    return undefined;
  }
}
