import { staticName, ts, unwrap, type FunctionLike } from './ast.js';
import { returnedExpressions } from './value-flow.js';
import type { Declaration } from './scope.js';
import { requiredModule } from './syntax.js';

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

export interface OriginResolver {
  resolve(name: string, site: ts.Node): Declaration | undefined;
  /** `this.member` inside a class: the member's initializer, assignment or declared type. */
  classMember(site: ts.Node, member: string): ts.Node | undefined;
  /** What is assigned to a variable after its declaration (`client = new OpenAI()`), in source order. */
  assignments?(decl: Declaration): readonly ts.Expression[];
  /** The package value a project module exports under this name (`openai` of '@/lib/openai'), see imported-clients.ts. */
  importedValue?(module: string, imported: string): Origin | undefined;
}

const sameOrigin = (a: Origin, b: Origin): boolean => a.module === b.module && a.path.length === b.path.length && a.path.every((part, i) => part === b.path[i]);

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

  const fromDeclaration = (decl: Declaration, depth: number): Origin | undefined => {
    if (decl.importFrom) {
      const { module, imported } = decl.importFrom;
      const exported = imported === '*' ? undefined : scope.importedValue?.(module, imported);
      if (exported) return exported;
      return { module, path: imported === 'default' || imported === '*' ? [] : [imported], calls: [] };
    }
    if (decl.init) {
      let origin = of(decl.init.expression, depth + 1);
      for (const key of decl.init.path) origin = extend(origin, key);
      return origin;
    }
    if (decl.kind === 'parameter' && ts.isParameter(decl.node) && decl.node.type) return fromType(decl.node.type, decl.node, depth);
    if (decl.kind === 'variable' && !decl.isConst) return fromAssignments(decl, depth);
    return undefined;
  };

  /** `let client; if (azure) client = new AzureOpenAI(); else client = new OpenAI({ … });`: every value assigned later comes from one place. */
  const fromAssignments = (decl: Declaration, depth: number): Origin | undefined => {
    const values = scope.assignments?.(decl) ?? [];
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
   * `function createServer() { return new FastMCP({…}); }`: a factory in the file whose every return
   * constructs an instance of one class gives its calls that origin (`createServer().addTool(…)`).
   */
  const fromFactory = (call: ts.CallExpression, depth: number): Origin | undefined => {
    const callee = unwrap(call.expression);
    if (!ts.isIdentifier(callee)) return undefined;
    const decl = scope.resolve(callee.text, callee);
    let fn: FunctionLike | undefined;
    if (decl?.kind === 'function' && ts.isFunctionDeclaration(decl.node)) fn = decl.node;
    else if (decl?.kind === 'variable' && decl.init && decl.init.path.length === 0 && (ts.isArrowFunction(decl.init.expression) || ts.isFunctionExpression(decl.init.expression))) fn = decl.init.expression;
    if (!fn?.body) return undefined;
    const returned = returnedExpressions(fn).map(unwrap);
    if (returned.length === 0 || !returned.every(ts.isNewExpression)) return undefined;
    const origins = returned.map((expr) => of(expr, depth + 1));
    const first = origins[0];
    const same = (o: Origin | undefined): boolean => !!o && !!first && o.module === first.module && o.path.join('.') === first.path.join('.');
    return first && origins.every(same) ? first : undefined;
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
      return extend(of(node.expression, depth + 1), node.name.text);
    }
    if (ts.isElementAccessExpression(node)) {
      const key = staticName(node.argumentExpression);
      return key === undefined ? undefined : extend(of(node.expression, depth + 1), key);
    }
    if (ts.isCallExpression(node)) {
      const module = requiredModule(node);
      if (module) return { module, path: [], calls: [] };
      const callee = unwrap(node.expression);
      if (ts.isIdentifier(callee) && INTEROP_HELPERS.has(callee.text) && node.arguments[0]) return of(node.arguments[0], depth + 1);
      const promisified = promisifiedImport(node, depth);
      if (promisified) return promisified;
      return extend(of(node.expression, depth + 1), undefined, node) ?? fromFactory(node, depth);
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
