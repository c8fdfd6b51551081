import type { ClientEntry, ModuleCalls } from '../catalog/types.js';
import { enclosingClass, enclosingFunction, isFunctionLike, isNamingHelperCall, staticName, ts, unwrap, type FunctionLike } from './ast.js';
import { lastSegment, type CatalogClassifier } from '../catalog/matcher.js';
import { buildFileIndex, type FileIndex } from './file-index.js';
import { createOriginResolver, type Origin, type OriginResolver } from './origin.js';
import { createScopeIndex, type Declaration } from './scope.js';
import { assignedValues } from './value-flow.js';
import { dispatchedFunctions } from './dispatch-tables.js';

/** A call the catalog recognises: an HTTP request, an LLM generation, a vector-store write… */
export interface CallSite {
  readonly node: ts.CallExpression;
  readonly entry: ClientEntry;
  readonly operation: string;
  readonly origin: Origin;
}

/** Facts about one file, computed once and read by every rule. */
export interface FileFacts {
  /** Path relative to the audit root, forward slashes. */
  readonly path: string;
  readonly sourceFile: ts.SourceFile;
  readonly index: FileIndex;
  readonly classifier: CatalogClassifier;
  /** Calls recognised by the catalog, in source order. */
  readonly callSites: readonly CallSite[];
  /** Modules this file imports or requires. */
  readonly importedModules: ReadonlySet<string>;
  /** Names bound by top-level imports/requires/consts: the only bare callees that can be a module's root call. */
  readonly topLevelNames: ReadonlySet<string>;
  originOf(node: ts.Node): Origin | undefined;
  callSiteOf(call: ts.Node): CallSite | undefined;
  /** Could this call be one of the listed module calls? A cheap pre-filter by name, before resolving its origin. */
  mayCall(list: readonly ModuleCalls[], call: ts.CallExpression | ts.NewExpression): boolean;
  resolve(name: string, site: ts.Node): Declaration | undefined;
  references(decl: Declaration): readonly ts.Identifier[];
  /** The function a callee names in this file: a declaration, a function-valued const, or `this.method`. */
  localFunction(callee: ts.Expression): FunctionLike | undefined;
  /** Calls in this file to the given local function, also through a table of functions looked up by a run-time key (dispatch-tables.ts). */
  callersOf(fn: FunctionLike): ts.CallExpression[];
}

/** esbuild keeps function names with `__name(fn, "name")`: the function is the first argument. */
function unwrapNamingHelper(expr: ts.Expression): ts.Expression {
  return isNamingHelperCall(expr) ? unwrap(expr.arguments[0] as ts.Expression) : expr;
}

/** The callee's last name: `b` of `a.b()`, `f` of `f()` (bare), `g` of CommonJS `(0, m.g)()`. */
function calleeName(expression: ts.Expression): { text: string; bare: boolean } | undefined {
  let callee = unwrap(expression);
  if (ts.isBinaryExpression(callee) && callee.operatorToken.kind === ts.SyntaxKind.CommaToken) callee = unwrap(callee.right);
  if (ts.isIdentifier(callee)) return { text: callee.text, bare: true };
  if (ts.isPropertyAccessExpression(callee)) return { text: callee.name.text, bare: false };
  if (ts.isElementAccessExpression(callee)) {
    const key = staticName(callee.argumentExpression);
    return key === undefined ? undefined : { text: key, bare: false };
  }
  return ts.isCallExpression(callee) || ts.isNewExpression(callee) ? { text: '()', bare: false } : undefined;
}

const callNamesOf = new WeakMap<readonly ModuleCalls[], ReadonlySet<string> | 'any'>();

/** Last names of a list's call patterns (`fromTemplate` of `SystemMessagePromptTemplate.fromTemplate`), or 'any' for wildcards. */
function callNames(list: readonly ModuleCalls[]): ReadonlySet<string> | 'any' {
  let names = callNamesOf.get(list);
  if (!names) {
    const patterns = list.flatMap((item) => item.calls);
    // '()' (a call of the import itself) is a bare imported callee or `require(m)(…)`, both let through below.
    names = patterns.includes('*') ? 'any' : new Set(patterns.map((pattern) => lastSegment(pattern)));
    callNamesOf.set(list, names);
  }
  return names;
}

/** Names bound by top-level imports and requires: the only bare callees that can be a module's root call. */
function topLevelImportNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      else if (bindings) for (const spec of bindings.elements) names.add(spec.name.text);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      names.add(statement.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (!decl.initializer) continue;
        const addAll = (name: ts.BindingName): void => {
          if (ts.isIdentifier(name)) names.add(name.text);
          else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addAll(element.name);
        };
        addAll(decl.name);
      }
    }
  }
  return names;
}

/**
 * What `this.name` refers to in a class, for every name at once: the member's declaration, a
 * constructor parameter property, or else the value the constructor first assigns to it. Built in
 * one pass over the members and constructor body; asking per name walked the constructor each time.
 */
function classMembers(cls: ts.ClassLikeDeclaration): Map<string, ts.Node> {
  const declared = new Map<string, ts.Node>();
  const assigned = new Map<string, ts.Node>();
  const declare = (name: string | undefined, node: ts.Node): void => {
    if (name !== undefined && !declared.has(name)) declared.set(name, node);
  };
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && (member.initializer || member.type)) declare(staticName(member.name), member);
    else if (ts.isMethodDeclaration(member)) declare(staticName(member.name), member);
    else if (ts.isConstructorDeclaration(member)) {
      for (const param of member.parameters) if (ts.isIdentifier(param.name) && ts.getModifiers(param)?.length) declare(param.name.text, param);
      if (member.body) collectThisAssignments(member.body, assigned);
    }
  }
  for (const [name, node] of assigned) if (!declared.has(name)) declared.set(name, node);
  return declared;
}

/** `this.name = value` in source order, the first value per name. */
function collectThisAssignments(body: ts.Node, into: Map<string, ts.Node>): void {
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      if (!into.has(node.left.name.text)) into.set(node.left.name.text, node.right);
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
}

/** The file's index, scopes and origin resolver: what `originOf` needs, without classifying every call. */
export function fileOrigins(sourceFile: ts.SourceFile, importedValue?: OriginResolver['importedValue']) {
  const index = buildFileIndex(sourceFile);
  const scopes = createScopeIndex(index.declaring, index.reads);
  const resolve = scopes.resolve;
  const members = new Map<ts.ClassLikeDeclaration, Map<string, ts.Node>>();
  const memberOf = (cls: ts.ClassLikeDeclaration, name: string): ts.Node | undefined => {
    let byName = members.get(cls);
    if (!byName) members.set(cls, (byName = classMembers(cls)));
    return byName.get(name);
  };
  const classMember = (site: ts.Node, member: string): ts.Node | undefined => {
    const cls = enclosingClass(site);
    return cls ? memberOf(cls, member) : undefined;
  };
  const assignments = (decl: Declaration): ts.Expression[] => assignedValues(decl, scopes);
  const originOf = createOriginResolver({ resolve, classMember, assignments, ...(importedValue ? { importedValue } : {}) });
  return { index, scopes, resolve, memberOf, originOf };
}

/** `importedValue`: what a project module's export is made from (imported-clients.ts), for imports of it. */
export function computeFileFacts(path: string, sourceFile: ts.SourceFile, classifier: CatalogClassifier, importedValue?: OriginResolver['importedValue']): FileFacts {
  const { index, scopes, resolve, memberOf, originOf } = fileOrigins(sourceFile, importedValue);

  const callSites: CallSite[] = [];
  const byNode = new Map<ts.Node, CallSite>();
  const importedNames = topLevelImportNames(sourceFile);
  // Most calls (push, map, log, local helpers…) cannot be a catalog call: the callee's last name must be
  // one the catalog lists, or a bare imported name (an aliased import, whose origin then decides).
  const mayBeNamed = (expression: ts.Expression, listed: (name: string) => boolean): boolean => {
    const name = calleeName(expression);
    return !!name && (listed(name.text) || (name.bare && importedNames.has(name.text)));
  };
  for (const call of index.calls) {
    if (!mayBeNamed(call.expression, classifier.mayMatchMember)) continue;
    const origin = originOf(call.expression);
    if (!origin) continue;
    const match = classifier.match(origin);
    if (!match) continue;
    const site: CallSite = { node: call, entry: match.entry, operation: match.operation, origin };
    callSites.push(site);
    byNode.set(call, site);
  }

  const localFunction = (callee: ts.Expression): FunctionLike | undefined => {
    const target = unwrap(callee);
    if (ts.isIdentifier(target)) {
      const decl = resolve(target.text, target);
      if (!decl) return undefined;
      if (decl.kind === 'function' && ts.isFunctionDeclaration(decl.node)) return decl.node;
      const init = decl.init && decl.init.path.length === 0 ? unwrapNamingHelper(unwrap(decl.init.expression)) : undefined;
      return init && isFunctionLike(init) ? init : undefined;
    }
    if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClass(target);
      const member = cls ? memberOf(cls, target.name.text) : undefined;
      if (member && isFunctionLike(member)) return member;
      if (member && ts.isPropertyDeclaration(member) && member.initializer) {
        const init = unwrap(member.initializer);
        return isFunctionLike(init) ? init : undefined;
      }
    }
    return undefined;
  };

  let callers: Map<FunctionLike, ts.CallExpression[]> | undefined;
  const callersOf = (fn: FunctionLike): ts.CallExpression[] => {
    if (!callers) {
      callers = new Map();
      for (const call of index.calls) {
        const target = localFunction(call.expression);
        for (const fn of target ? [target] : dispatchedFunctions(call.expression, resolve, localFunction)) {
          const list = callers.get(fn);
          if (list) list.push(call);
          else callers.set(fn, [call]);
        }
      }
    }
    return callers.get(fn) ?? [];
  };

  return {
    path,
    sourceFile,
    index,
    classifier,
    callSites,
    importedModules: index.importedModules,
    topLevelNames: importedNames,
    originOf,
    callSiteOf: (call) => byNode.get(call),
    mayCall: (list, call) => {
      const names = callNames(list);
      return names === 'any' || mayBeNamed(call.expression, (name) => names.has(name));
    },
    resolve,
    references: scopes.references,
    localFunction,
    callersOf,
  };
}

export { enclosingFunction };
