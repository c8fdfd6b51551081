import { isNullish, staticName, ts, unwrap, type FunctionLike } from './ast.js';
import { returnedExpressions } from './value-flow.js';
import type { Declaration } from './scope.js';
import { isProjectSpecifier, requiredModule } from './syntax.js';

/**
 * Where a value comes from, by import: `new OpenAI().chat.completions.create` is
 * `{ module: 'openai', path: ['chat', 'completions', 'create'] }`. Calls and `new` are transparent;
 * a default export adds nothing to the path. Unbound identifiers come from `globalThis`.
 */
export interface Origin {
  readonly module: string;
  readonly path: readonly string[];
  /** Constructor and factory calls along the way, whose options may configure the client. */
  readonly calls: readonly (ts.CallExpression | ts.NewExpression)[];
}

/** What a project module exports: a value, or (`returned`) a function whose calls return that value (`getOpenAI()`). */
export type ExportedOrigin = Origin & { readonly returned?: true };

export interface OriginResolver {
  resolve(name: string, site: ts.Node): Declaration | undefined;
  /** `this.member` inside a class: the member's initializer, assignment or declared type. */
  classMember(site: ts.Node, member: string): ts.Node | undefined;
  /** What is assigned to a variable after its declaration (`client = new OpenAI()`), in source order. */
  assignments?(decl: Declaration): readonly ts.Expression[];
  /** The package value a project module exports under this name (`openai` of '@/lib/openai'), see imported-clients.ts. */
  importedValue?(module: string, imported: string): ExportedOrigin | undefined;
}

const sameOrigin = (a: Origin, b: Origin): boolean => a.module === b.module && a.path.length === b.path.length && a.path.every((part, i) => part === b.path[i]);

/**
 * A call that makes a client rather than using one: `createOpenAI(…)`, `PineconeStore.fromExistingIndex(…)`,
 * `axios.create(…)`, `pinecone.index('docs')`. A client method's result (`completions.create(…)`) is no client.
 */
const FACTORY_NAME = /^(?:create|make|build|init|connect|from)[A-Z0-9_]/;
const HANDLE_NAMES: ReadonlySet<string> = new Set(['index', 'Index']);

function isFactoryCall(call: ts.CallExpression | ts.NewExpression, origin: Origin): boolean {
  if (ts.isNewExpression(call)) return true;
  const callee = unwrap(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name === undefined) return false;
  return FACTORY_NAME.test(name) || HANDLE_NAMES.has(name) || (name === 'create' && origin.path.length === 1);
}

/**
 * The client a function returns: every `return` hands back one package value that was constructed, by
 * `new` or a factory, directly (`return new OpenAI()`) or through a variable (`if (!client) client = new
 * OpenAI(); return client;`). A function returning a client method's result returns no client.
 */
export function constructedReturn(fn: FunctionLike, originOf: (node: ts.Node) => Origin | undefined): Origin | undefined {
  if (!fn.body) return undefined;
  const returned = returnedExpressions(fn);
  if (returned.length === 0) return undefined;
  let first: Origin | undefined;
  for (const expr of returned) {
    const origin = originOf(expr);
    const last = origin?.calls[origin.calls.length - 1];
    if (!origin || origin.module === 'globalThis' || !last || !isFactoryCall(last, origin)) return undefined;
    // The value itself, not a member of it (`return client.chat`) or a call's result further down (`.then(…)`).
    if (last !== unwrap(expr) && !ts.isIdentifier(unwrap(expr))) return undefined;
    if (first && !sameOrigin(first, origin)) return undefined;
    first ??= origin;
  }
  return first;
}

const INTEROP_HELPERS = new Set(['__importDefault', '__importStar', '_interopRequireDefault', '_interopRequireWildcard', '__toESM', '__toCommonJS', 'interopDefault']);
const MAX_DEPTH = 12;
const UTIL_MODULES: ReadonlySet<string> = new Set(['util', 'node:util']);

function extend(origin: Origin | undefined, member: string | undefined, call?: ts.CallExpression | ts.NewExpression): Origin | undefined {
  if (!origin) return undefined;
  const calls = call ? [...origin.calls, call] : origin.calls;
  if (member === undefined) return { ...origin, calls };
  if (member === 'default' && origin.path.length === 0) return { ...origin, calls };
  return { module: origin.module, path: [...origin.path, member], calls };
}

export function createOriginResolver(scope: OriginResolver): (expr: ts.Node) => Origin | undefined {
  const memo = new Map<ts.Node, Origin | null>();
  const active = new Set<ts.Node>();

  /** What a project module exports under a name (see imported-clients.ts); a namespace import names no export. */
  const exportedBy = (module: string, name: string): ExportedOrigin | undefined => (name === '*' ? undefined : scope.importedValue?.(module, name));
  /** A module required or namespace-imported whole, when it is a project module that may export a client. */
  const wholeProjectModule = (origin: Origin | undefined): string | undefined =>
    scope.importedValue && origin && origin.path.length === 0 && origin.calls.length === 0 && isProjectSpecifier(origin.module) ? origin.module : undefined;
  /** An export that is a client itself: a getter of one is no client, its calls are (calledGetter). */
  const clientOf = (exported: ExportedOrigin | undefined): Origin | undefined => (exported && !exported.returned ? exported : undefined);
  /** What a call of an exported getter returns: the client it makes, with the call among its constructions. */
  const calledGetter = (exported: ExportedOrigin | undefined, call: ts.CallExpression): Origin | undefined =>
    exported?.returned ? extend({ module: exported.module, path: exported.path, calls: exported.calls }, undefined, call) : undefined;

  const fromDeclaration = (decl: Declaration, depth: number): Origin | undefined => {
    if (decl.importFrom) {
      const { module, imported } = decl.importFrom;
      const exported = exportedBy(module, imported);
      if (exported) return clientOf(exported);
      return { module, path: imported === 'default' || imported === '*' ? [] : [imported], calls: [] };
    }
    // `let client: OpenAI | null = null`, filled in later: what is assigned says where it comes from.
    if (decl.init && decl.kind === 'variable' && !decl.isConst && decl.init.path.length === 0 && isNullish(decl.init.expression)) return fromAssignments(decl, depth);
    if (decl.init) {
      let origin = of(decl.init.expression, depth + 1);
      for (const key of decl.init.path) origin = member(origin, key);
      return origin;
    }
    if (decl.kind === 'parameter' && ts.isParameter(decl.node) && decl.node.type) return fromType(decl.node.type, decl.node, depth);
    if (decl.kind === 'variable' && !decl.isConst) return fromAssignments(decl, depth);
    return undefined;
  };

  /** `let client; if (azure) client = new AzureOpenAI(); else client = new OpenAI({ … });`: every value assigned later comes from one place. */
  const fromAssignments = (decl: Declaration, depth: number): Origin | undefined => {
    // `client = null` on reset leaves no value to come from.
    const values = (scope.assignments?.(decl) ?? []).filter((value) => !isNullish(value));
    const origins = values.map((value) => of(value, depth + 1));
    const first = origins[0];
    if (!first || !origins.every((origin) => origin !== undefined && sameOrigin(origin, first))) return undefined;
    // The constructor calls of every branch: a client option set in any of them is one the code may use.
    return { ...first, calls: origins.flatMap((origin) => origin?.calls ?? []) };
  };

  const fromType = (type: ts.TypeNode, site: ts.Node, depth: number): Origin | undefined => {
    if (ts.isTypeReferenceNode(type)) {
      const name = type.typeName;
      if (ts.isIdentifier(name)) {
        const decl = scope.resolve(name.text, site);
        return decl?.importFrom ? fromDeclaration(decl, depth) : undefined;
      }
      const left = name.left;
      if (ts.isIdentifier(left)) {
        const decl = scope.resolve(left.text, site);
        return decl?.importFrom ? extend(fromDeclaration(decl, depth), name.right.text) : undefined;
      }
    }
    return undefined;
  };

  /**
   * `function createServer() { return new FastMCP({…}); }`, `getOpenAI()` of a lazy singleton: a factory
   * in the file, or one a project module exports, whose every return is one constructed client gives its
   * calls that origin (`createServer().addTool(…)`, `getOpenAI().chat.completions.create(…)`).
   */
  const fromFactory = (call: ts.CallExpression, depth: number): Origin | undefined => {
    const callee = unwrap(call.expression);
    // `lib.getClient()` of `const lib = require('./lib')`: a getter the project module exports.
    if (ts.isPropertyAccessExpression(callee)) return getterOf(of(callee.expression, depth + 1), callee.name.text, call);
    if (!ts.isIdentifier(callee)) return undefined;
    const decl = scope.resolve(callee.text, callee);
    // `const { getClient } = require('./lib')`.
    const required = decl?.init && decl.init.path.length === 1 ? unwrap(decl.init.expression) : undefined;
    if (required && ts.isCallExpression(required) && requiredModule(required)) return getterOf(of(required, depth + 1), decl?.init?.path[0] as string, call);
    if (decl?.importFrom) return calledGetter(exportedBy(decl.importFrom.module, decl.importFrom.imported), call);
    let fn: FunctionLike | undefined;
    if (decl?.kind === 'function' && ts.isFunctionDeclaration(decl.node)) fn = decl.node;
    else if (decl?.kind === 'variable' && decl.init && decl.init.path.length === 0 && (ts.isArrowFunction(decl.init.expression) || ts.isFunctionExpression(decl.init.expression))) fn = decl.init.expression;
    return fn ? constructedReturn(fn, (node) => of(node, depth + 1)) : undefined;
  };

  /**
   * `promisify(exec)`: the promise-returning version of an imported function takes the same arguments,
   * so it has that function's origin (a shell sink stays one). Globals are left alone: `promisify(setTimeout)`
   * takes the delay first, unlike setTimeout.
   */
  const promisifiedImport = (call: ts.CallExpression, depth: number): Origin | undefined => {
    const fn = call.arguments[0];
    if (call.arguments.length !== 1 || !fn) return undefined;
    const callee = of(call.expression, depth + 1);
    if (!callee || !UTIL_MODULES.has(callee.module) || callee.path.length !== 1 || callee.path[0] !== 'promisify') return undefined;
    const origin = of(fn, depth + 1);
    return origin && origin.module !== 'globalThis' ? origin : undefined;
  };

  /** What calling a getter that a module required whole exports returns (`require('./lib').getClient()`). */
  const getterOf = (origin: Origin | undefined, name: string, call: ts.CallExpression): Origin | undefined => {
    const module = wholeProjectModule(origin);
    return module === undefined ? undefined : calledGetter(exportedBy(module, name), call);
  };

  /**
   * A project module required or imported whole (`require('./lib/openai')`, `import * as lib`): what it
   * exports under a name is the client it makes, when it makes one (`module.exports = openai`).
   */
  const exportedClient = (origin: Origin | undefined, name: string): Origin | undefined => {
    const module = wholeProjectModule(origin);
    return module === undefined ? undefined : clientOf(exportedBy(module, name));
  };

  /** `origin.key`, through a project module's exported client (`require('./lib/clients').client`). */
  const member = (origin: Origin | undefined, key: string): Origin | undefined => exportedClient(origin, key) ?? extend(origin, key);

  const compute = (node: ts.Node, depth: number): Origin | undefined => {
    if (ts.isIdentifier(node)) {
      const decl = scope.resolve(node.text, node);
      if (!decl) return { module: 'globalThis', path: node.text === 'globalThis' ? [] : [node.text], calls: [] };
      return fromDeclaration(decl, depth);
    }
    if (ts.isPropertyAccessExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const member = scope.classMember(node, node.name.text);
        return member ? of(member, depth + 1) : undefined;
      }
      return member(of(node.expression, depth + 1), node.name.text);
    }
    if (ts.isElementAccessExpression(node)) {
      const key = staticName(node.argumentExpression);
      return key === undefined ? undefined : member(of(node.expression, depth + 1), key);
    }
    if (ts.isCallExpression(node)) {
      const module = requiredModule(node);
      // `module.exports = openai` in a project module: requiring it whole gives its client.
      if (module) {
        const whole: Origin = { module, path: [], calls: [] };
        return exportedClient(whole, 'default') ?? whole;
      }
      const callee = unwrap(node.expression);
      if (ts.isIdentifier(callee) && INTEROP_HELPERS.has(callee.text) && node.arguments[0]) return of(node.arguments[0], depth + 1);
      const promisified = promisifiedImport(node, depth);
      if (promisified) return promisified;
      const viaCallee = extend(of(node.expression, depth + 1), undefined, node);
      // A project module's function: it may be a getter whose calls return a client.
      if (viaCallee && !isProjectSpecifier(viaCallee.module)) return viaCallee;
      return fromFactory(node, depth) ?? viaCallee;
    }
    if (ts.isNewExpression(node)) return extend(of(node.expression, depth + 1), undefined, node);
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.CommaToken) return of(node.right, depth + 1);
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return of(node.left, depth + 1) ?? of(node.right, depth + 1);
      return undefined;
    }
    if (ts.isTypeNode(node)) return fromType(node, node, depth);
    if (ts.isParameter(node) || ts.isPropertyDeclaration(node)) {
      if (node.initializer) return of(node.initializer, depth + 1);
      return node.type ? fromType(node.type, node, depth) : undefined;
    }
    if (ts.isExpression(node) && unwrap(node) !== node) return of(unwrap(node), depth + 1);
    return undefined;
  };

  const of = (node: ts.Node, depth = 0): Origin | undefined => {
    const cached = memo.get(node);
    if (cached !== undefined) return cached ?? undefined;
    if (depth > MAX_DEPTH || active.has(node)) return undefined;
    active.add(node);
    const result = compute(node, depth);
    active.delete(node);
    memo.set(node, result ?? null);
    return result;
  };
  return (expr) => of(expr, 0);
}
