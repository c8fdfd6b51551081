import { contains, isFunctionLike, staticName, ts, type FunctionLike } from './ast.js';

// Read once: `ts.SyntaxKind` is a getter on the bundled compiler's namespace.
const { SyntaxKind } = ts;

/** A name introduced in a scope: a variable, parameter, function, class or import. */
export interface Declaration {
  readonly name: string;
  readonly kind: 'variable' | 'parameter' | 'function' | 'class' | 'import';
  readonly node: ts.Node;
  /** Where the name is visible. */
  readonly scope: ts.Node;
  /** The value the name was initialised from, and the property path when it was destructured from it. */
  readonly init?: { readonly expression: ts.Expression; readonly path: readonly string[] };
  /** Import bindings: module specifier and imported name ('default', '*' or the export). */
  readonly importFrom?: { readonly module: string; readonly imported: string };
  readonly isConst: boolean;
}

/**
 * `({ path, text }) => …`: the property of its options object that a parameter binding reads (`path`);
 * undefined for a whole parameter, a rest element or a binding nested deeper.
 */
export function destructuredParameterProperty(decl: Declaration): string | undefined {
  const element = decl.node;
  if (decl.kind !== 'parameter' || !ts.isBindingElement(element) || element.dotDotDotToken || !ts.isIdentifier(element.name) || element.name.text !== decl.name) return undefined;
  const pattern = element.parent;
  if (!ts.isObjectBindingPattern(pattern) || !ts.isParameter(pattern.parent)) return undefined;
  const key = element.propertyName ?? element.name;
  return ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
}

/** True when the identifier reads a binding (not a property name, a label or a declaration's own name). */
export function isReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (!parent) return false;
  // A switch on kind: this runs for every identifier of every file.
  switch (parent.kind) {
    case SyntaxKind.PropertyAccessExpression:
      return (parent as ts.PropertyAccessExpression).name !== id;
    case SyntaxKind.QualifiedName:
      return (parent as ts.QualifiedName).right !== id;
    case SyntaxKind.PropertyAssignment:
    case SyntaxKind.PropertyDeclaration:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.PropertySignature:
    case SyntaxKind.MethodSignature:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
    case SyntaxKind.EnumMember:
    case SyntaxKind.VariableDeclaration:
    case SyntaxKind.Parameter:
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ClassDeclaration:
    case SyntaxKind.ClassExpression:
      return (parent as ts.NamedDeclaration).name !== id;
    case SyntaxKind.BindingElement:
      return (parent as ts.BindingElement).name !== id && (parent as ts.BindingElement).propertyName !== id;
    case SyntaxKind.ImportSpecifier:
    case SyntaxKind.ImportClause:
    case SyntaxKind.NamespaceImport:
    case SyntaxKind.ExportSpecifier:
    case SyntaxKind.LabeledStatement:
    case SyntaxKind.BreakStatement:
    case SyntaxKind.ContinueStatement:
    case SyntaxKind.TypeReference:
    case SyntaxKind.InterfaceDeclaration:
    case SyntaxKind.TypeAliasDeclaration:
      return false;
    default:
      return true;
  }
}

function isBlockScope(node: ts.Node): boolean {
  return ts.isSourceFile(node) || ts.isBlock(node) || isFunctionLike(node) || ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isCatchClause(node) || ts.isCaseBlock(node) || ts.isModuleBlock(node);
}

function nearestScope(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) if (isBlockScope(current)) return current;
  return node.getSourceFile();
}

/** A function or the source file: the unit whose declarations are indexed together, on first use. */
type Region = FunctionLike | ts.SourceFile;

function regionOf(node: ts.Node): Region {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) || ts.isSourceFile(current)) return current;
  }
  return node.getSourceFile();
}

/** The nodes that declare names, as the file index collects them in one walk of the file. */
export type DeclaringNode =
  | ts.VariableDeclaration
  | ts.FunctionDeclaration
  | ts.ClassDeclaration
  | ts.CatchClause
  | ts.ImportDeclaration
  | ts.ImportEqualsDeclaration;

/** Declarations directly in a region (nested functions are regions of their own), from its declaring nodes in source order. */
function collectRegion(region: Region, declaring: readonly DeclaringNode[]): Map<string, Declaration[]> {
  const byName = new Map<string, Declaration[]>();
  const declare = (decl: Declaration): void => {
    const list = byName.get(decl.name);
    if (list) list.push(decl);
    else byName.set(decl.name, [decl]);
  };
  const declareBinding = (name: ts.BindingName, kind: Declaration['kind'], owner: ts.Node, scope: ts.Node, init: ts.Expression | undefined, path: readonly string[], isConst: boolean): void => {
    if (ts.isIdentifier(name)) {
      declare({ name: name.text, kind, node: owner, scope, init: init ? { expression: init, path } : undefined, isConst });
      return;
    }
    name.elements.forEach((element, index) => {
      if (ts.isOmittedExpression(element)) return;
      const key = ts.isObjectBindingPattern(name) ? staticName(element.propertyName ?? element.name) : String(index);
      declareBinding(element.name, kind, element, scope, init ?? element.initializer, [...path, key ?? '?'], isConst);
    });
  };
  const declareImport = (imp: ts.ImportDeclaration): void => {
    const module = ts.isStringLiteral(imp.moduleSpecifier) ? imp.moduleSpecifier.text : undefined;
    const clause = imp.importClause;
    if (!module || !clause) return;
    const scope = imp.getSourceFile();
    if (clause.name) declare({ name: clause.name.text, kind: 'import', node: imp, scope, importFrom: { module, imported: 'default' }, isConst: true });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) declare({ name: bindings.name.text, kind: 'import', node: imp, scope, importFrom: { module, imported: '*' }, isConst: true });
    else if (bindings) {
      for (const spec of bindings.elements) {
        declare({ name: spec.name.text, kind: 'import', node: spec, scope, importFrom: { module, imported: staticName(spec.propertyName ?? spec.name) ?? spec.name.text }, isConst: true });
      }
    }
  };
  if (!ts.isSourceFile(region)) {
    for (const param of region.parameters) declareBinding(param.name, 'parameter', param, region, param.initializer, [], false);
    // A named function expression sees its own name.
    if (ts.isFunctionExpression(region) && region.name) declare({ name: region.name.text, kind: 'function', node: region, scope: region, isConst: true });
  }
  for (const node of declaring) {
    if (ts.isVariableDeclaration(node)) {
      const isConst = ts.isVariableDeclarationList(node.parent) && (node.parent.flags & ts.NodeFlags.Const) !== 0;
      declareBinding(node.name, 'variable', node, nearestScope(node), node.initializer, [], isConst);
    } else if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) {
      if (node.name) declare({ name: node.name.text, kind: ts.isFunctionDeclaration(node) ? 'function' : 'class', node, scope: nearestScope(node), isConst: true });
    } else if (ts.isCatchClause(node)) {
      if (node.variableDeclaration) declareBinding(node.variableDeclaration.name, 'variable', node.variableDeclaration, node, undefined, [], false);
    } else if (ts.isImportDeclaration(node)) {
      declareImport(node);
    } else {
      const ref = node.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
        declare({ name: node.name.text, kind: 'import', node, scope: node.getSourceFile(), importFrom: { module: ref.expression.text, imported: '*' }, isConst: true });
      }
    }
  }
  return byName;
}

export interface ScopeIndex {
  /** Innermost visible declaration of `name` at `site`, by lexical scope. */
  resolve(name: string, site: ts.Node): Declaration | undefined;
  /** Identifiers that read the given declaration, in source order. */
  references(decl: Declaration): readonly ts.Identifier[];
}

/**
 * Scope questions about one source file, answered lazily and remembered. The file index supplies the
 * file's declaring nodes and reading identifiers, so no question walks the file again.
 */
export function createScopeIndex(declaring: readonly DeclaringNode[], reads: ReadonlyMap<string, readonly ts.Identifier[]>): ScopeIndex {
  let declaringByRegion: Map<Region, DeclaringNode[]> | undefined;
  const declaringIn = (region: Region): readonly DeclaringNode[] => {
    if (!declaringByRegion) {
      declaringByRegion = new Map();
      for (const node of declaring) {
        const owner = regionOf(node);
        const list = declaringByRegion.get(owner);
        if (list) list.push(node);
        else declaringByRegion.set(owner, [node]);
      }
    }
    return declaringByRegion.get(region) ?? [];
  };
  const regions = new Map<Region, Map<string, Declaration[]>>();
  const declarationsIn = (region: Region): Map<string, Declaration[]> => {
    let map = regions.get(region);
    if (!map) {
      map = collectRegion(region, declaringIn(region));
      regions.set(region, map);
    }
    return map;
  };
  const lookUp = (name: string, site: ts.Node): Declaration | undefined => {
    for (let region: Region | undefined = regionOf(site); region; region = ts.isSourceFile(region) ? undefined : regionOf(region)) {
      const candidates = declarationsIn(region).get(name);
      if (!candidates) continue;
      let best: Declaration | undefined;
      for (const decl of candidates) {
        if (!contains(decl.scope, site)) continue;
        if (!best || contains(best.scope, decl.scope)) best = decl;
      }
      if (best) return best;
    }
    return undefined;
  };
  // Most questions are "what does this identifier read?", asked again by every trace that passes it.
  const resolvedIdentifiers = new Map<ts.Node, Declaration | null>();
  const resolve = (name: string, site: ts.Node): Declaration | undefined => {
    if (site.kind !== SyntaxKind.Identifier || (site as ts.Identifier).text !== name) return lookUp(name, site);
    const known = resolvedIdentifiers.get(site);
    if (known !== undefined) return known ?? undefined;
    const decl = lookUp(name, site);
    resolvedIdentifiers.set(site, decl ?? null);
    return decl;
  };
  // The file index holds every reading identifier by name; a declaration's references are a filter of
  // that list, computed once (walking the declaration's scope per question was the hottest path).
  const referencesOf = new Map<Declaration, readonly ts.Identifier[]>();
  const references = (decl: Declaration): readonly ts.Identifier[] => {
    let found = referencesOf.get(decl);
    if (!found) {
      found = (reads.get(decl.name) ?? []).filter((id) => contains(decl.scope, id) && resolve(decl.name, id) === decl);
      referencesOf.set(decl, found);
    }
    return found;
  };
  return { resolve, references };
}
