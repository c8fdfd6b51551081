import { ts } from './ast.js';

const IDENTIFIER_TEXT = /^[A-Za-z_$][\w$]{0,79}$/;

/** The identifier is the name a declaration introduces (`function send`, `send() {}` in a class or interface, a parameter), not a use of it. */
function isDeclaredName(id: ts.Identifier | ts.PrivateIdentifier): boolean {
  const parent = id.parent;
  switch (parent.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.MethodSignature:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.PropertySignature:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.InterfaceDeclaration:
    case ts.SyntaxKind.TypeAliasDeclaration:
    case ts.SyntaxKind.EnumDeclaration:
    case ts.SyntaxKind.Parameter:
    case ts.SyntaxKind.TypeParameter:
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.ImportClause:
    case ts.SyntaxKind.NamespaceImport:
      return (parent as ts.NamedDeclaration).name === id;
    case ts.SyntaxKind.ImportSpecifier:
    case ts.SyntaxKind.ExportSpecifier: {
      // `import { a as b }` and `export { a as b }` use a; b is a new name. `export { a }` counts as a
      // use: a host may load the file and call a by name.
      const spec = parent as ts.ImportSpecifier | ts.ExportSpecifier;
      return spec.propertyName !== undefined && spec.name === id;
    }
    default:
      return false;
  }
}

/**
 * The names a file uses other than where it declares them: identifiers, property names read or
 * written (`client.send`, `{ send }`, `{ send: … }`), imported names, and strings that could be a
 * name (`this[‘send’]`, a dispatch table keyed by method name). Joined over the project, a function
 * or method whose name is in no file's set is called from nowhere in the project.
 */
export function referencedNames(sourceFile: ts.SourceFile): string[] {
  return collectNames(sourceFile, (node, names) => {
    if (!ts.isIdentifier(node) && !ts.isPrivateIdentifier(node)) return true;
    if (!isDeclaredName(node)) names.add(node.text);
    return false;
  });
}

/**
 * Walks a file's nodes (iteratively: a deep tree must not overflow the stack) and collects names:
 * strings that could be one (`this['send']`, a dispatch table keyed by name) always, and what `visit`
 * adds for other nodes; `visit` also says whether to walk into the node's children.
 */
export function collectNames(sourceFile: ts.SourceFile, visit: (node: ts.Node, names: Set<string>) => boolean): string[] {
  const names = new Set<string>();
  const stack: ts.Node[] = [sourceFile];
  // One callback for the whole walk, not one made per node.
  const push = (child: ts.Node): void => {
    stack.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (ts.isStringLiteralLike(node)) {
      if (IDENTIFIER_TEXT.test(node.text)) names.add(node.text);
      continue;
    }
    if (visit(node, names)) ts.forEachChild(node, push);
  }
  return [...names];
}
