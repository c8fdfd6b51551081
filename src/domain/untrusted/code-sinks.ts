import type { CodeSink, CodeSinkKind, ModelOutputExecutionCatalog } from '../../catalog/types.js';
import { isStringLike, staticName, ts, unwrap } from '../../model/ast.js';
import { itemsForModule, moduleMatcher, pathMatches } from '../../catalog/matcher.js';
import type { FileFacts } from '../../model/file-facts.js';
import type { Origin } from '../../model/origin.js';

/** A call that runs, loads or addresses a string, with the arguments whose content it uses that way. */
export interface CodeSinkUse {
  readonly call: ts.CallExpression | ts.NewExpression;
  readonly id: string;
  readonly kind: CodeSinkKind;
  /** Non-constant expressions the sink executes, loads, queries or writes to. */
  readonly payloads: readonly ts.Expression[];
}

interface CompiledSink {
  readonly sink: CodeSink;
  readonly module: (module: string) => boolean;
}

const compiledCache = new WeakMap<readonly CodeSink[], (module: string) => readonly CompiledSink[]>();

/** The catalog's sinks for a module, in catalog order. */
function compiled(catalog: ModelOutputExecutionCatalog, module: string): readonly CompiledSink[] {
  let forModule = compiledCache.get(catalog.sinks);
  if (!forModule) {
    forModule = itemsForModule(catalog.sinks.map((sink) => ({ sink, module: moduleMatcher([sink.module]) })));
    compiledCache.set(catalog.sinks, forModule);
  }
  return forModule(module);
}

const isConstant = (expr: ts.Expression): boolean => isStringLike(unwrap(expr)) || ts.isNumericLiteral(unwrap(expr));

function binaryName(expr: ts.Expression | undefined): string | undefined {
  const node = expr && unwrap(expr);
  if (!node || !isStringLike(node)) return undefined;
  return node.text.split(/[\\/]/).pop();
}

/** `shell: true` (or any value but a literal false) in an options object, or a shell as the binary. */
export function runsInShell(call: ts.CallExpression | ts.NewExpression, catalog: ModelOutputExecutionCatalog): boolean {
  const args = call.arguments ?? [];
  const binary = binaryName(args[0]);
  if (binary !== undefined && catalog.shellBinaries.includes(binary)) return true;
  return args.some((arg) => {
    const node = unwrap(arg);
    if (!ts.isObjectLiteralExpression(node)) return false;
    return node.properties.some((prop) => {
      if (!catalog.shellOption.includes(staticName(prop.name) ?? '')) return false;
      if (!ts.isPropertyAssignment(prop)) return true;
      const value = unwrap(prop.initializer);
      return value.kind !== ts.SyntaxKind.FalseKeyword && !(isStringLike(value) && value.text === '');
    });
  });
}

/** The SQL text of an argument: the argument, or the sql/text/query property of an options object. */
function sqlText(arg: ts.Expression, catalog: ModelOutputExecutionCatalog): ts.Expression[] {
  const node = unwrap(arg);
  if (!ts.isObjectLiteralExpression(node)) return [arg];
  return node.properties.flatMap((prop) => {
    if (!catalog.sqlTextKeys.includes(staticName(prop.name) ?? '')) return [];
    if (ts.isPropertyAssignment(prop)) return [prop.initializer];
    return ts.isShorthandPropertyAssignment(prop) ? [prop.name] : [];
  });
}

function payloadsOf(call: ts.CallExpression | ts.NewExpression, sink: CodeSink, catalog: ModelOutputExecutionCatalog): ts.Expression[] {
  const args = call.arguments ?? [];
  const indexes = sink.allArguments ? args.map((_, i) => i) : [0];
  if (sink.shellArguments && runsInShell(call, catalog)) indexes.push(...sink.shellArguments);
  return indexes
    .flatMap((i) => (args[i] ? (sink.kind === 'sql' ? sqlText(args[i], catalog) : [args[i]]) : []))
    .filter((arg) => !isConstant(arg) && !ts.isSpreadElement(arg));
}

/** Objects through which a global is reached (`window.eval`); any other receiver is some other `eval`. */
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self', 'global']);

function matches(sink: CompiledSink, origin: Origin): boolean {
  if (!sink.module(origin.module) || !sink.sink.calls.some((pattern) => pathMatches(origin.path, pattern))) return false;
  if (origin.module === 'globalThis' && !(origin.path.length === 1 || (origin.path.length === 2 && GLOBAL_OBJECTS.has(origin.path[0] ?? '')))) return false;
  const before = origin.path.slice(0, -1);
  return !(sink.sink.unlessAfter ?? []).some((call) => before.includes(call));
}

function matchSink(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): CodeSink | undefined {
  const origin = facts.originOf(call.expression);
  if (!origin) return undefined;
  return compiled(facts.classifier.modelOutputExecution, origin.module).find((c) => matches(c, origin))?.sink;
}

const sinksOf = new WeakMap<FileFacts, CodeSinkUse[]>();

/** Code, shell, module-loading, raw-SQL and file-path sinks in the file, with their non-constant payloads (found once per file). */
export function codeSinksIn(facts: FileFacts): CodeSinkUse[] {
  let uses = sinksOf.get(facts);
  if (!uses) {
    uses = findCodeSinks(facts);
    sinksOf.set(facts, uses);
  }
  return uses;
}

function findCodeSinks(facts: FileFacts): CodeSinkUse[] {
  const catalog = facts.classifier.modelOutputExecution;
  const uses: CodeSinkUse[] = [];
  for (const call of [...facts.index.calls, ...facts.index.newExpressions]) {
    if (call.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const specifier = call.arguments?.[0];
      if (specifier && !isConstant(specifier)) uses.push({ call, id: 'import', kind: 'module', payloads: [specifier] });
      continue;
    }
    if (!facts.mayCall(catalog.sinks, call)) continue;
    const sink = matchSink(call, facts);
    if (!sink) continue;
    const payloads = payloadsOf(call, sink, catalog);
    if (payloads.length > 0) uses.push({ call, id: sink.id, kind: sink.kind, payloads });
  }
  return uses.sort((a, b) => a.call.pos - b.call.pos);
}
