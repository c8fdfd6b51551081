/**
 * The shipped catalog, parsed once at build time: parsing its YAML costs every run about a third of a
 * second of CPU, JSON a few milliseconds. The build writes the parsed fragments with a hash of the
 * YAML they came from; a run uses them only when that hash matches the YAML files as they are now,
 * so an edited catalog is never read stale.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

export const COMPILED_CATALOG_FILE = join(PACKAGE_ROOT, 'dist', 'rules', 'catalog', 'built-in.json');

export interface CompiledCatalog {
  readonly hash: string;
  readonly fragments: readonly unknown[];
}

export interface CatalogSource {
  readonly path: string;
  readonly text: string;
}

export function sourcesHash(sources: readonly CatalogSource[]): string {
  const hash = createHash('sha256');
  for (const source of sources) hash.update(`${basename(source.path)}\0${source.text}\0`);
  return hash.digest('hex');
}

/** The compiled fragments, when they were compiled from exactly these sources. */
export function compiledFragments(sources: readonly CatalogSource[]): readonly unknown[] | undefined {
  let compiled: CompiledCatalog;
  try {
    compiled = JSON.parse(readFileSync(COMPILED_CATALOG_FILE, 'utf8')) as CompiledCatalog;
  } catch {
    return undefined;
  }
  return compiled.hash === sourcesHash(sources) && compiled.fragments.length === sources.length ? compiled.fragments : undefined;
}
