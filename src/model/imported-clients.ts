import { posix } from 'node:path';
import { ts, type FunctionLike } from './ast.js';
import { constructedReturn } from './origin.js';
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

/**
 * A value built by a call or `new` (`= new OpenAI(`, `= axios.create(`, `= await Store.fromIndex(`,
 * `= cached ?? new PrismaClient(`), not a function (`= async (req) =>`): only files that bind one at
 * module level and export it are parsed.
 */
const DECLARED = String.raw`(?:const|let|var)\s+[\w$]+\s*(?::[^=\n]*)?=`;
const BUILT = String.raw`(?:\s*(?:await\s+)?(?:new\s+[\w$.]+|(?!async\b|function\b)[\w$][\w$.]*)\s*(?:<[^>\n]*>)?\(|[^\n;]*\?\?\s*new\s+[\w$.]+\s*\()`;
// Anchored at a line's start, each with one way to match a line: linear in the text, whatever a file holds.
const EXPORTS_A_BUILT_VALUE = new RegExp(String.raw`^export\s+${DECLARED}${BUILT}|^export\s+default\s+(?:await\s+)?new\s`, 'm');
const BUILDS_A_VALUE = new RegExp(String.raw`^${DECLARED}${BUILT}`, 'm');
const CONSTRUCTED_THEN_EXPORTED = /^export\s*\{[^{}]*\}|^export\s+default\s+[\w$]+\s*;?\s*$/m;

/** `export function getClient(`, `export const getClient = () =>`, `export default async function (`. */
const EXPORTED_FUNCTION = /^export\s+(?:default\s+)?(?:async\s+)?function\b|^export\s+const\s+[\w$]+\s*(?::[^=\n]*)?=\s*(?:async\s*)?(?:\(|function\b|[\w$]+\s*=>)/gm;
/** Where the next top-level statement starts: a line that begins with neither space nor a closing bracket. */
const NEXT_STATEMENT = /\n(?=[^\s})\]])/g;
/**
 * A client built and returned or kept, with the name it is built from: `return new OpenAI(`, `=> createClient(`,
 * `client ??= new Pinecone(`, `= await Store.fromExistingIndex(`, `= axios.create(` (not `throw new Error(`).
 */
const BUILDS_A_CLIENT = /(?:\breturn\b|=>|[^=!<>]=)\s*\(?\s*(?:await\s+)?(?:new\s+([A-Za-z_$][\w$]*)|([\w$]+)(?:\.[\w$]+)?\.(?:create|index|Index|(?:create|make|build|init|connect|from)[A-Z][\w$]*)\s*\(|((?:create|make|build|init|connect|from)[A-Z][\w$]*)\s*\()/g;
/** `import OpenAI, { type X } from 'openai'`, `const { Pool } = require('pg')`: names bound from a package (bounded, so linear). */
const PACKAGE_IMPORT = /^import\s+([^;]{1,600}?)\s+from\s+['"]([^'"./][^'"]*)['"]|^(?:const|let|var)\s+([^=;]{1,300}?)=\s*require\(\s*['"]([^'"./][^'"]*)['"]\s*\)/gm;
/** A getter is short: a longer exported function is not looked into for one. */
const MAX_GETTER_CHARS = 1500;

/** The names a file binds from packages (Node's built-in modules aside: they make no clients the catalog knows). */
function packageBindings(text: string): Set<string> {
  const names = new Set<string>();
  PACKAGE_IMPORT.lastIndex = 0;
  for (let found = PACKAGE_IMPORT.exec(text); found; found = PACKAGE_IMPORT.exec(text)) {
    const module = found[2] ?? found[4] ?? '';
    if (module.startsWith('node:')) continue;
    for (const name of (found[1] ?? found[3] ?? '').match(/[A-Za-z_$][\w$]*/g) ?? []) names.add(name);
  }
  return names;
}

/**
 * Some exported function builds a client from a package in its own text (up to where the next
 * top-level statement starts): `export function getOpenAI() { … client = new OpenAI(); … }`.
 */
function mayExportClientGetter(text: string): boolean {
  let bindings: Set<string> | undefined;
  EXPORTED_FUNCTION.lastIndex = 0;
  for (let header = EXPORTED_FUNCTION.exec(text); header; header = EXPORTED_FUNCTION.exec(text)) {
    NEXT_STATEMENT.lastIndex = header.index + header[0].length;
    const end = NEXT_STATEMENT.exec(text)?.index ?? text.length;
    EXPORTED_FUNCTION.lastIndex = Math.max(EXPORTED_FUNCTION.lastIndex, end);
    if (end - header.index > MAX_GETTER_CHARS) continue;
    const body = text.slice(header.index, end);
    BUILDS_A_CLIENT.lastIndex = 0;
    for (let built = BUILDS_A_CLIENT.exec(body); built; built = BUILDS_A_CLIENT.exec(body)) {
      bindings ??= packageBindings(text);
      if (bindings.has(built[1] ?? built[2] ?? built[3] ?? '')) return true;
    }
  }
  return false;
}

/** The cheap test a file passes before it is parsed: it may export a value it builds at module level, or a function returning one. */
export function mayExportBuiltValue(text: string): boolean {
  return EXPORTS_A_BUILT_VALUE.test(text) || (CONSTRUCTED_THEN_EXPORTED.test(text) && BUILDS_A_VALUE.test(text)) || mayExportClientGetter(text);
}

const isRelativeOrAlias = (module: string): boolean => /^(?:\.|\/|[@~#$]\/|#|\$lib)/.test(module);

type ExportedDeclaration = ts.VariableDeclaration | ts.FunctionDeclaration;

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind): boolean => (ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined)?.some((m) => m.kind === kind) ?? false;

/**
 * `export const x = …`, `export function f()`, `export { x as y }` and `export default x` of a module-level
 * declaration: export name → its declaration.
 */
function exportedDeclarations(sourceFile: ts.SourceFile): Map<string, ExportedDeclaration> {
  const locals = new Map<string, ExportedDeclaration>();
  const exported = new Map<string, ExportedDeclaration>();
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      if (statement.name) locals.set(statement.name.text, statement);
      if (hasModifier(statement, ts.SyntaxKind.ExportKeyword) && (isDefault || statement.name)) exported.set(isDefault ? 'default' : (statement.name as ts.Identifier).text, statement);
      continue;
    }
    if (!ts.isVariableStatement(statement)) continue;
    const isExported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
      locals.set(declaration.name.text, declaration);
      if (isExported) exported.set(declaration.name.text, declaration);
    }
  }
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        const local = locals.get((element.propertyName ?? element.name).text);
        if (local && !element.isTypeOnly) exported.set(element.name.text, local);
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) {
      const local = locals.get(statement.expression.text);
      if (local) exported.set('default', local);
    }
  }
  return exported;
}

/** The clients a file exports, by export name: values built from a package (not from another project module, which the graph follows). */
function clientsExportedBy(sourceFile: ts.SourceFile): Record<string, ExportedValue> {
  const exported = exportedDeclarations(sourceFile);
  if (exported.size === 0) return {};
  const { originOf } = fileOrigins(sourceFile);
  const found: Record<string, ExportedValue> = {};
  for (const [name, declaration] of exported) {
    // An export named `__proto__` would set the record's prototype instead of a property.
    if (name === '__proto__') continue;
    const getter = exportedFunction(declaration);
    const origin = getter ? constructedReturn(getter, originOf) : originOf((declaration as ts.VariableDeclaration).initializer as ts.Expression);
    if (!origin || origin.module === 'globalThis' || isRelativeOrAlias(origin.module)) continue;
    const calls = origin.calls.map((call) => call.getText(sourceFile));
    if (calls.some((text) => text.length > MAX_CALL_CHARS)) continue;
    found[name] = { module: origin.module, path: [...origin.path], calls, ...(getter ? { returned: true as const } : {}) };
  }
  return found;
}

/** The function an export is (`export function getClient()`, `export const getClient = () => …`), if it is one. */
function exportedFunction(declaration: ExportedDeclaration): FunctionLike | undefined {
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  const value = declaration.initializer;
  return value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value : undefined;
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
