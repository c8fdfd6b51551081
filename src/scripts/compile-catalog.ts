/**
 * Build step: the shipped catalog's YAML, validated against the schema and written as JSON with the
 * hash of its sources (see src/catalog/compiled.ts). An invalid catalog fails the build.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { COMPILED_CATALOG_FILE, sourcesHash, type CompiledCatalog } from '../catalog/compiled.js';
import { builtInCatalogFiles, readFragmentFile } from '../catalog/load.js';

const paths = builtInCatalogFiles();
const sources = paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const fragments = paths.map((path) => readFragmentFile(path));
// Only plain data survives JSON; anything else (none today) keeps being parsed from YAML at run time.
if (!isDeepStrictEqual(JSON.parse(JSON.stringify(fragments)), fragments)) {
  process.stderr.write('compile-catalog: the catalog holds values JSON cannot carry; left uncompiled\n');
} else {
  const compiled: CompiledCatalog = { hash: sourcesHash(sources), fragments };
  mkdirSync(dirname(COMPILED_CATALOG_FILE), { recursive: true });
  writeFileSync(COMPILED_CATALOG_FILE, `${JSON.stringify(compiled)}\n`);
}
