/**
 * The cheap text tests of the client pre-pass (imported-clients.ts): a file is parsed only when its text
 * may export a client it builds. Every pattern is anchored at a line's start or bounded, so each test is
 * linear in the text, whatever a file holds.
 */

/**
 * A value built by a call or `new` (`= new OpenAI(`, `= axios.create(`, `= await Store.fromIndex(`,
 * `= cached ?? new PrismaClient(`), not a function (`= async (req) =>`): only files that bind one at
 * module level and export it are parsed.
 */
const DECLARED = String.raw`(?:const|let|var)\s+[\w$]+\s*(?::[^=\n]*)?=`;
const BUILT = String.raw`(?:\s*(?:await\s+)?(?:new\s+[\w$.]+|(?!async\b|function\b)[\w$][\w$.]*)\s*(?:<[^>\n]*>)?\(|[^\n;]*\?\?\s*new\s+[\w$.]+\s*\()`;
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
/**
 * `import OpenAI, { type X } from 'openai'`, `const { Pool } = require('pg')`, compiled
 * `const openai_1 = __importDefault(require("openai"))`: names bound from a package (bounded, so linear).
 */
const PACKAGE_IMPORT = /^import\s+([^;]{1,600}?)\s+from\s+['"]([^'"./][^'"]*)['"]|^(?:const|let|var)\s+([^=;]{1,300}?)=\s*(?:[\w$]{1,40}\()?\s*require\(\s*['"]([^'"./][^'"]*)['"]\s*\)/gm;
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
function mayExportClientGetter(text: string, bindings: () => ReadonlySet<string>, headers: RegExp = EXPORTED_FUNCTION): boolean {
  headers.lastIndex = 0;
  for (let header = headers.exec(text); header; header = headers.exec(text)) {
    NEXT_STATEMENT.lastIndex = header.index + header[0].length;
    const end = NEXT_STATEMENT.exec(text)?.index ?? text.length;
    headers.lastIndex = Math.max(headers.lastIndex, end);
    if (end - header.index > MAX_GETTER_CHARS) continue;
    if (buildsFromPackage(text.slice(header.index, end), BUILDS_A_CLIENT, bindings)) return true;
  }
  return false;
}

/** Some match of `pattern` (global) in `text` builds from a name the file binds from a package (its first group that matched). */
function buildsFromPackage(text: string, pattern: RegExp, bindings: () => ReadonlySet<string>): boolean {
  pattern.lastIndex = 0;
  for (let built = pattern.exec(text); built; built = pattern.exec(text)) {
    if (bindings().has(built.slice(1).find((group) => group !== undefined) ?? '')) return true;
  }
  return false;
}

/** `module.exports = { getClient, … }`. */
const EXPORTS_AN_OBJECT = /^module\.exports\s*=\s*\{/m;
/** A module-level function of a CommonJS file, which `module.exports = { getClient }` may export later. */
const TOP_LEVEL_FUNCTION = /^(?:async\s+)?function\b|^(?:const|let|var)\s+[\w$]+\s*=\s*(?:async\s*)?(?:\(|function\b|[\w$]+\s*=>)/gm;

/** `module.exports = …`, `exports.x = …`, `module.exports.x = …` at a line's start. */
const COMMON_JS_EXPORT = /^(?:module\.)?exports(?:\.[\w$]+)?\s*=/m;
/** A module-level value built by a call or `new`, with the name it is built from: `const openai = new OpenAI(`, `exports.db = new pg.Pool(`. */
const BUILT_FROM = new RegExp(String.raw`^(?:${DECLARED}|(?:module\.)?exports(?:\.[\w$]+)?\s*=)\s*(?:await\s+)?(?:new\s+)?([\w$]+)(?:\.[\w$]+)*\s*\(`, 'gm');

/** A CommonJS module that exports something and builds a value from a package at module level. */
function mayExportCommonJsClient(text: string, bindings: () => ReadonlySet<string>): boolean {
  if (!COMMON_JS_EXPORT.test(text)) return false;
  // `function getClient() { if (!client) client = new OpenAI(); return client; }` in a hand-written module
  // exporting an object of names (compilers write `exports.x = x` instead, for every function of a bundle).
  if (EXPORTS_AN_OBJECT.test(text) && mayExportClientGetter(text, bindings, TOP_LEVEL_FUNCTION)) return true;
  return buildsFromPackage(text, BUILT_FROM, bindings);
}

/** The cheap test a file passes before it is parsed: it may export a value it builds at module level, or a function returning one. */
export function mayExportBuiltValue(text: string): boolean {
  if (EXPORTS_A_BUILT_VALUE.test(text) || (CONSTRUCTED_THEN_EXPORTED.test(text) && BUILDS_A_VALUE.test(text))) return true;
  // The names the file binds from packages, read once for both tests below and only if one asks.
  let names: ReadonlySet<string> | undefined;
  const bindings = (): ReadonlySet<string> => (names ??= packageBindings(text));
  return mayExportClientGetter(text, bindings) || mayExportCommonJsClient(text, bindings);
}

