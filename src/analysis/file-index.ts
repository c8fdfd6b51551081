import { isFunctionLike, staticName, ts, type FunctionLike } from './ast.js';

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

/** Everything one traversal of a file collects; rules and analyses read these instead of walking again. */
export interface FileIndex {
  readonly declarations: ReadonlyMap<string, readonly Declaration[]>;
  readonly identifiers: ReadonlyMap<string, readonly ts.Identifier[]>;
  readonly calls: readonly ts.CallExpression[];
  readonly newExpressions: readonly ts.NewExpression[];
  readonly functions: readonly FunctionLike[];
  readonly loops: readonly ts.IterationStatement[];
  readonly classes: readonly (ts.ClassDeclaration | ts.ClassExpression)[];
}

function isScopeNode(node: ts.Node): boolean {
  return ts.isSourceFile(node) || ts.isBlock(node) || isFunctionLike(node) || ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isCatchClause(node) || ts.isCaseBlock(node) || ts.isModuleBlock(node);
}

function nearestScope(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) {
    if (isScopeNode(current)) return current;
  }
  return node.getSourceFile();
}

export function buildFileIndex(sourceFile: ts.SourceFile): FileIndex {
  const declarations = new Map<string, Declaration[]>();
  const identifiers = new Map<string, ts.Identifier[]>();
  const calls: ts.CallExpression[] = [];
  const newExpressions: ts.NewExpression[] = [];
  const functions: FunctionLike[] = [];
  const loops: ts.IterationStatement[] = [];
  const classes: (ts.ClassDeclaration | ts.ClassExpression)[] = [];

  const declare = (decl: Declaration): void => {
    const list = declarations.get(decl.name);
    if (list) list.push(decl);
    else declarations.set(decl.name, [decl]);
  };

  const declareBinding = (name: ts.BindingName, kind: Declaration['kind'], owner: ts.Node, scope: ts.Node, init: ts.Expression | undefined, path: readonly string[], isConst: boolean): void => {
    if (ts.isIdentifier(name)) {
      declare({ name: name.text, kind, node: owner, scope, init: init ? { expression: init, path } : undefined, isConst });
      return;
    }
    name.elements.forEach((element, index) => {
      if (ts.isOmittedExpression(element)) return;
      const key = ts.isObjectBindingPattern(name) ? staticName(element.propertyName ?? element.name) : String(index);
      const elementInit = init ?? element.initializer;
      declareBinding(element.name, kind, element, scope, elementInit, key === undefined ? [...path, '?'] : [...path, key], isConst);
    });
  };

  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.Identifier: {
        const id = node as ts.Identifier;
        const list = identifiers.get(id.text);
        if (list) list.push(id);
        else identifiers.set(id.text, [id]);
        break;
      }
      case ts.SyntaxKind.CallExpression:
        calls.push(node as ts.CallExpression);
        break;
      case ts.SyntaxKind.NewExpression:
        newExpressions.push(node as ts.NewExpression);
        break;
      case ts.SyntaxKind.VariableDeclaration: {
        const decl = node as ts.VariableDeclaration;
        const list = decl.parent;
        const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
        declareBinding(decl.name, 'variable', decl, nearestScope(decl), decl.initializer, [], isConst);
        break;
      }
      case ts.SyntaxKind.Parameter: {
        const param = node as ts.ParameterDeclaration;
        declareBinding(param.name, 'parameter', param, param.parent, param.initializer, [], false);
        break;
      }
      case ts.SyntaxKind.FunctionDeclaration: {
        const fn = node as ts.FunctionDeclaration;
        if (fn.name) declare({ name: fn.name.text, kind: 'function', node: fn, scope: nearestScope(fn), isConst: true });
        break;
      }
      case ts.SyntaxKind.ClassDeclaration: {
        const cls = node as ts.ClassDeclaration;
        if (cls.name) declare({ name: cls.name.text, kind: 'class', node: cls, scope: nearestScope(cls), isConst: true });
        break;
      }
      case ts.SyntaxKind.ImportDeclaration: {
        const imp = node as ts.ImportDeclaration;
        const module = ts.isStringLiteral(imp.moduleSpecifier) ? imp.moduleSpecifier.text : undefined;
        const clause = imp.importClause;
        if (module && clause) {
          const scope = imp.getSourceFile();
          if (clause.name) declare({ name: clause.name.text, kind: 'import', node: imp, scope, importFrom: { module, imported: 'default' }, isConst: true });
          const bindings = clause.namedBindings;
          if (bindings && ts.isNamespaceImport(bindings)) {
            declare({ name: bindings.name.text, kind: 'import', node: imp, scope, importFrom: { module, imported: '*' }, isConst: true });
          } else if (bindings) {
            for (const spec of bindings.elements) {
              const imported = staticName(spec.propertyName ?? spec.name) ?? spec.name.text;
              declare({ name: spec.name.text, kind: 'import', node: spec, scope, importFrom: { module, imported }, isConst: true });
            }
          }
        }
        break;
      }
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const imp = node as ts.ImportEqualsDeclaration;
        const ref = imp.moduleReference;
        if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
          declare({ name: imp.name.text, kind: 'import', node: imp, scope: imp.getSourceFile(), importFrom: { module: ref.expression.text, imported: '*' }, isConst: true });
        }
        break;
      }
      case ts.SyntaxKind.ClassExpression:
        classes.push(node as ts.ClassExpression);
        break;
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement:
        loops.push(node as ts.IterationStatement);
        break;
      default:
        break;
    }
    if (node.kind === ts.SyntaxKind.ClassDeclaration) classes.push(node as ts.ClassDeclaration);
    if (isFunctionLike(node)) functions.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return { declarations, identifiers, calls, newExpressions, functions, loops, classes };
}
