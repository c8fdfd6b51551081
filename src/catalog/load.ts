import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AuditError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { MAX_METADATA_BYTES, describeUnread, readRegularFile } from '../project/read-file.js';
import { compileSchema, formatSchemaErrors } from '../schema/validate.js';
import { compiledFragments } from './compiled.js';
import { nestedRepetition } from './regex-safety.js';
import { catalogFragmentSchema } from './schema.js';
import type { Catalog, CatalogFragment } from './types.js';

export const BUILTIN_CATALOG_DIR = join(PACKAGE_ROOT, 'rules', 'catalog');

const validateFragment = compileSchema<CatalogFragment>(catalogFragmentSchema);

/** Validates one fragment; `source` names it in errors (a file path, or `config.catalog[0]`). */
export function checkFragment(value: unknown, source: string): CatalogFragment {
  if (validateFragment(value ?? {})) return checkSecretPatterns((value ?? {}) as CatalogFragment, source);
  const problems = formatSchemaErrors(validateFragment.errors, 'catalog');
  throw new AuditError('catalog', `invalid catalog ${source}: ${problems.join('; ')}`);
}

/** Secret formats are regular expressions: a broken one is a catalog error, not a rule crash on every file. */
function checkSecretPatterns(fragment: CatalogFragment, source: string): CatalogFragment {
  for (const { where, pattern } of patternsOf(fragment)) {
    try {
      new RegExp(pattern);
    } catch (error) {
      throw new AuditError('catalog', `invalid catalog ${source}: ${where} is not a regular expression: ${(error as Error).message}`);
    }
  }
  return fragment;
}

/** A user's patterns must not be able to backtrack forever on strings a stranger wrote. */
function checkPatternSafety(fragment: CatalogFragment, source: string): CatalogFragment {
  for (const { where, pattern } of patternsOf(fragment)) {
    const nested = nestedRepetition(pattern);
    if (nested) throw new AuditError('catalog', `invalid catalog ${source}: ${where} repeats a repetition (${nested}), which can backtrack forever; rewrite it without a quantified group that holds a quantifier`);
  }
  return fragment;
}

function patternsOf(fragment: CatalogFragment): { where: string; pattern: string }[] {
  return [...(fragment.secrets?.formats ?? []).map((f) => ({ where: `secrets.formats "${f.id}"`, pattern: f.pattern })), ...(fragment.secrets?.publicKeyPatterns ?? []).map((pattern) => ({ where: 'secrets.publicKeyPatterns', pattern })), ...(fragment.supplyChain?.pinnedUrlPatterns ?? []).map((pattern) => ({ where: 'supplyChain.pinnedUrlPatterns', pattern })), ...(fragment.supplyChain?.promptHubs ?? []).map((hub) => ({ where: 'supplyChain.promptHubs pinnedName', pattern: hub.pinnedName })), ...(fragment.promptInjection?.dataMarkers ?? []).map((pattern) => ({ where: 'promptInjection.dataMarkers', pattern }))];
}

export function readFragmentFile(path: string): CatalogFragment {
  return checkFragment(parseFragmentText(readCatalogText(path), path), path);
}

function readCatalogText(path: string): string {
  const read = readRegularFile(path, MAX_METADATA_BYTES);
  if (!read.ok) throw new AuditError('catalog', `cannot read catalog file ${path}: ${describeUnread(read.reason)}`);
  return read.buffer.toString('utf8');
}

export function parseFragmentText(text: string, path: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new AuditError('catalog', `catalog file ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The part of a JSON schema node that merging reads. */
interface SchemaNode {
  readonly type?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly default?: unknown;
}

/**
 * Merges values of one schema node across fragments, driven by the schema: lists concatenate,
 * objects merge key by key, and a threshold is taken from the last fragment that sets it (else the
 * schema's default). A key added to the schema is merged with no change here.
 */
function mergeBySchema(schema: SchemaNode, values: readonly unknown[]): unknown {
  if (schema.type === 'array') return values.flatMap((value) => (value as readonly unknown[] | undefined) ?? []);
  if (schema.type === 'object' && schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties).map(([key, sub]) => [key, mergeBySchema(sub, values.map((value) => (value as Readonly<Record<string, unknown>> | undefined)?.[key]))]));
  }
  return values.reduce((merged, value) => value ?? merged, schema.default);
}

export function mergeFragments(fragments: readonly CatalogFragment[]): Catalog {
  return mergeBySchema(catalogFragmentSchema, fragments) as Catalog;
}

let builtIn: readonly CatalogFragment[] | undefined;

export function builtInCatalogFiles(): string[] {
  return readdirSync(BUILTIN_CATALOG_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(BUILTIN_CATALOG_DIR, name));
}

/**
 * The shipped catalog is checked against the schema by the build and the test suite (every file
 * through readFragmentFile), not on every run: compiling the schema would cost each audit a fifth of
 * a second. Its parsed form comes from the build when that matches the YAML (see compiled.ts).
 */
function builtInFragments(): readonly CatalogFragment[] {
  if (builtIn) return builtIn;
  const sources = builtInCatalogFiles().map((path) => ({ path, text: readCatalogText(path) }));
  const values = compiledFragments(sources) ?? sources.map((source) => parseFragmentText(source.text, source.path));
  builtIn = values.map((value, i) => checkSecretPatterns((value ?? {}) as CatalogFragment, (sources[i] as { path: string }).path));
  return builtIn;
}

/**
 * The built-in catalog plus the user's additions: file paths (resolved against `baseDir`) or inline
 * fragments from config. User entries come last, so they add to, never replace, the built-in ones.
 */
export function loadCatalog(additions: readonly (string | CatalogFragment)[] = [], baseDir = process.cwd()): Catalog {
  const user = additions.map((addition, index) =>
    typeof addition === 'string' ? checkPatternSafety(readFragmentFile(resolve(baseDir, addition)), addition) : checkPatternSafety(checkFragment(addition, `config.catalog[${index}]`), `config.catalog[${index}]`),
  );
  return mergeFragments([...builtInFragments(), ...user]);
}
