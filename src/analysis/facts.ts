import type { ClientEntry } from '../catalog/types.js';
import { enclosingFunction, isFunctionLike, staticName, ts, unwrap, type FunctionLike } from './ast.js';
import type { CatalogClassifier } from './classify.js';
import { buildFileIndex, type Declaration, type FileIndex } from './file-index.js';
import { createOriginResolver, type Origin } from './origin.js';
import { referencesOf, resolveName } from './scope.js';

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
  originOf(node: ts.Node): Origin | undefined;
  callSiteOf(call: ts.Node): CallSite | undefined;
  resolve(name: string, site: ts.Node): Declaration | undefined;
  references(decl: Declaration): ts.Identifier[];
  /** The function a callee names in this file: a declaration, a function-valued const, or `this.method`. */
  localFunction(callee: ts.Expression): FunctionLike | undefined;
  /** Calls in this file to the given local function. */
  callersOf(fn: FunctionLike): ts.CallExpression[];
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassDeclaration(current) || ts.isClassExpression(current)) return current;
  }
  return undefined;
}

/** `this.name` → the member's declaration, constructor parameter property or assigned value. */
function findClassMember(cls: ts.ClassLikeDeclaration, name: string): ts.Node | undefined {
  let assigned: ts.Node | undefined;
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && staticName(member.name) === name) {
      if (member.initializer || member.type) return member;
    }
    if (ts.isMethodDeclaration(member) && staticName(member.name) === name) return member;
    if (ts.isConstructorDeclaration(member)) {
      const param = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length);
      if (param) return param;
      if (member.body && !assigned) assigned = findThisAssignment(member.body, name);
    }
  }
  return assigned;
}

function findThisAssignment(body: ts.Node, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword && node.left.name.text === name) {
      found = node.right;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

export function computeFileFacts(path: string, sourceFile: ts.SourceFile, classifier: CatalogClassifier): FileFacts {
  const index = buildFileIndex(sourceFile);
  const resolve = (name: string, site: ts.Node): Declaration | undefined => resolveName(index, name, site);
  const classMember = (site: ts.Node, member: string): ts.Node | undefined => {
    const cls = enclosingClass(site);
    return cls ? findClassMember(cls, member) : undefined;
  };
  const originOf = createOriginResolver({ resolve, classMember });

  const callSites: CallSite[] = [];
  const byNode = new Map<ts.Node, CallSite>();
  for (const call of index.calls) {
    const origin = originOf(call.expression);
    if (!origin) continue;
    const match = classifier.match(origin);
    if (!match) continue;
    const site: CallSite = { node: call, entry: match.entry, operation: match.operation, origin };
    callSites.push(site);
    byNode.set(call, site);
  }

  const importedModules = new Set<string>();
  for (const decls of index.declarations.values()) {
    for (const decl of decls) if (decl.importFrom) importedModules.add(decl.importFrom.module);
  }
  for (const call of index.calls) {
    const arg = call.arguments[0];
    if (arg && ts.isStringLiteral(arg) && ((ts.isIdentifier(call.expression) && call.expression.text === 'require') || call.expression.kind === ts.SyntaxKind.ImportKeyword)) importedModules.add(arg.text);
  }
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) importedModules.add(statement.moduleSpecifier.text);
  }

  const localFunction = (callee: ts.Expression): FunctionLike | undefined => {
    const target = unwrap(callee);
    if (ts.isIdentifier(target)) {
      const decl = resolve(target.text, target);
      if (!decl) return undefined;
      if (decl.kind === 'function' && ts.isFunctionDeclaration(decl.node)) return decl.node;
      const init = decl.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
      return init && isFunctionLike(init) ? init : undefined;
    }
    if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClass(target);
      const member = cls ? findClassMember(cls, target.name.text) : undefined;
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
        if (!target) continue;
        const list = callers.get(target);
        if (list) list.push(call);
        else callers.set(target, [call]);
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
    importedModules,
    originOf,
    callSiteOf: (call) => byNode.get(call),
    resolve,
    references: (decl) => referencesOf(index, decl),
    localFunction,
    callersOf,
  };
}

export { enclosingFunction };
