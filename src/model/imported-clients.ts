import { posix } from 'node:path';
import { ts } from './ast.js';
import { constructedReturn } from './origin.js';
import { exportedValues } from './exported-values.js';
import { isProjectSpecifier } from './syntax.js';
import { mayExportBuiltValue } from './client-module-text.js';

export { mayExportBuiltValue };
import type { Catalog } from '../catalog/types.js';
import { fileOrigins } from './file-facts.js';
import { createModuleResolver, type ModuleResolver } from './graph/resolve.js';
import type { ProjectManifests } from './graph/manifests.js';
import type { DiscoveredFile } from '../project/discover.js';
import { parseSourceText } from '../project/parse.js';
import { readRegularFile } from '../project/read-file.js';

/**
 * Where a value a project module exports comes from: a package's export and the path below it, and the
 * source text of the constructor and factory calls on the way (see Origin), whose options (a timeout,
 * a base URL, a tracing wrapper) the rules read as if written in the importing file.
 */
export interface ExportedValue {
  readonly module: string;
  readonly path: readonly string[];
  readonly calls: readonly string[];
  /** The export is a function whose every call returns this value (`export function getOpenAI()`). */
  readonly returned?: true;
}

/** A construction longer than this is not carried: its options are left unknown, and the export unused. */
const MAX_CALL_CHARS = 4000;

/**
 * Clients and stores project modules create and export (`export const openai = new OpenAI()` in
 * lib/openai.ts, `export const index = pinecone.index('docs')`), by file and export name, with the
 * manifests that resolve an import of them: plain data, handed to every worker before any file is
 * analysed, so a route that imports `openai` from '@/lib/openai' calls the model as if it made the client.
 */
export interface ImportedClients {
  readonly manifests: ProjectManifests;
  readonly exports: Readonly<Record<string, Readonly<Record<string, ExportedValue>>>>;
  /**
   * The files an import could resolve to instead of an exporting one: the exporting files and every
   * file of the same name (`lib/openai.ts` beside `lib/openai/index.ts`, an alias's first target). An
   * import that resolves to one of those others names no client.
   */
  readonly files: readonly string[];
}

/** The catalog an audit analyses files with: the catalog, and the clients this project's modules export. */
export type AnalysedCatalog = Catalog & { readonly projectClients?: ImportedClients };


/** The clients a file exports, by export name: values built from a package (not from another project module, which the graph follows). */
function clientsExportedBy(sourceFile: ts.SourceFile): Record<string, ExportedValue> {
  const exported = exportedValues(sourceFile);
  if (exported.size === 0) return {};
  const { originOf } = fileOrigins(sourceFile);
  const found: Record<string, ExportedValue> = {};
  for (const [name, declaration] of exported) {
    // An export named `__proto__` would set the record's prototype instead of a property.
    if (name === '__proto__') continue;
    const getter = 'fn' in declaration ? declaration.fn : undefined;
    const origin = getter ? constructedReturn(getter, originOf) : originOf((declaration as { value: ts.Expression }).value);
    if (!origin || origin.module === 'globalThis' || isProjectSpecifier(origin.module)) continue;
    const calls = origin.calls.map((call) => call.getText(sourceFile));
    if (calls.some((text) => text.length > MAX_CALL_CHARS)) continue;
    found[name] = { module: origin.module, path: [...origin.path], calls, ...(getter ? { returned: true as const } : {}) };
  }
  return found;
}

/**
 * A module that makes a client to share is small (lib/openai.ts, db.ts): larger files, such as a
 * bundle's chunks, are not parsed twice to look for one.
 */
const MAX_CLIENT_MODULE_BYTES = 64 * 1024;

/** The exports a file's content was found to have before, or `scan`'s answer, kept for next time (a cache). */
export type ScanMemo = (path: string, content: Buffer, scan: () => Record<string, ExportedValue>) => Readonly<Record<string, ExportedValue>>;

const NO_MEMO: ScanMemo = (_path, _content, scan) => scan();

/**
 * Reads every small file once for a cheap text test, and parses the few that may export a client they
 * build. `memo` answers for files whose content it has seen (a warm --cache run parses none of them).
 */
export function findImportedClients(files: readonly DiscoveredFile[], manifests: ProjectManifests, memo: ScanMemo = NO_MEMO): ImportedClients {
  const exports: Record<string, Readonly<Record<string, ExportedValue>>> = {};
  // The text already read is parsed (not the file read again): the answer is the one for the content the memo hashed.
  const scan = (file: DiscoveredFile, text: string): Record<string, ExportedValue> => {
    if (!mayExportBuiltValue(text)) return {};
    try {
      return clientsExportedBy(parseSourceText(file.path, text));
    } catch {
      // A file too deep to walk here is analysed (and reported) on its own later; it just exports nothing known.
      return {};
    }
  };
  for (const file of files) {
    const read = readRegularFile(file.absolutePath, MAX_CLIENT_MODULE_BYTES);
    if (!read.ok) continue;
    const clients = memo(file.path, read.buffer, () => scan(file, read.buffer.toString('utf8')));
    if (Object.keys(clients).length > 0) exports[file.path] = clients;
  }
  return { manifests, exports, files: sameNamedFiles(files.map((f) => f.path), Object.keys(exports)) };
}

/** `lib/openai/index.ts` → its names `index` and `openai`; `lib/db.ts` → `db`. */
function moduleNames(path: string): string[] {
  const stem = posix.basename(path).replace(/\.[^.]+$/, '');
  return stem === 'index' ? [stem, posix.basename(posix.dirname(path))] : [stem];
}

/** The exporting files, and every other file an import written for one of them could resolve to first. */
function sameNamedFiles(all: readonly string[], exporting: readonly string[]): string[] {
  if (exporting.length === 0) return [];
  const names = new Set(exporting.flatMap(moduleNames));
  return all.filter((path) => moduleNames(path).some((name) => names.has(name))).sort();
}

/** The value an import names, with its construction calls as syntax (parsed on their own: their names resolve to nothing here). */
export interface ImportedValue {
  readonly module: string;
  readonly path: readonly string[];
  readonly calls: readonly (ts.CallExpression | ts.NewExpression)[];
  readonly returned?: true;
}

function parseCall(text: string): ts.CallExpression | ts.NewExpression | undefined {
  const sourceFile = ts.createSourceFile('imported-client.ts', `(${text})`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const first = sourceFile.statements[0];
  const expression = first && ts.isExpressionStatement(first) && ts.isParenthesizedExpression(first.expression) ? first.expression.expression : undefined;
  return expression && (ts.isCallExpression(expression) || ts.isNewExpression(expression)) ? expression : undefined;
}

/** For one importing file: the client an import names (`import { openai } from '@/lib/openai'`), if a project module exports one. */
export function importedClientLookup(file: string, clients: ImportedClients, resolver: ModuleResolver): (module: string, imported: string) => ImportedValue | undefined {
  if (Object.keys(clients.exports).length === 0) return () => undefined;
  // Parsed once per importing file: its rules may remember facts by node, which must not leak across files.
  const seen = new Map<ExportedValue, ImportedValue | null>();
  // Any specifier may name a project module: a relative path, an alias (`@/lib/db`) or a workspace package.
  return (module, imported) => {
    const target = resolver(file, module);
    // Own properties only: `import { constructor } from './lib/openai'` names no client.
    const byName = target !== undefined && Object.hasOwn(clients.exports, target) ? clients.exports[target] : undefined;
    const value = byName && Object.hasOwn(byName, imported) ? byName[imported] : undefined;
    if (!value) return undefined;
    let found = seen.get(value);
    if (found === undefined) {
      const calls = value.calls.map(parseCall);
      found = calls.every((call) => call !== undefined) ? { module: value.module, path: value.path, calls: calls as ImportedValue['calls'], ...(value.returned ? { returned: true as const } : {}) } : null;
      seen.set(value, found);
    }
    return found ?? undefined;
  };
}

/** The resolver of imports to the files that export clients and the files named like them, built once per worker. */
export function clientModuleResolver(clients: ImportedClients): ModuleResolver {
  return createModuleResolver(new Set(clients.files), clients.manifests).resolve;
}
