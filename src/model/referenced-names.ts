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
export function referencedNames(sourceFile: ts.SourceFile): readonly string[] {
  return nameWalk(sourceFile).referenced;
}

/**
 * What member-calls.ts needs to tell a method's loose mentions, outside types and import declarations,
 * in walk order: strings that could be a name and destructured member names (always loose), and the
 * names of property reads (loose unless a recorded call accounts for them).
 */
export function memberMentions(sourceFile: ts.SourceFile): readonly (string | ts.Identifier)[] {
  return nameWalk(sourceFile).memberMentions;
}

interface NameWalk {
  readonly referenced: readonly string[];
  readonly memberMentions: readonly (string | ts.Identifier)[];
}

/** Both answers come from one walk of the file (kept while the file is), not one walk each. */
const walks = new WeakMap<ts.SourceFile, NameWalk>();

function nameWalk(sourceFile: ts.SourceFile): NameWalk {
  let walk = walks.get(sourceFile);
  if (!walk) walks.set(sourceFile, (walk = walkNames(sourceFile)));
  return walk;
}

/** Types, import declarations and identifiers call nothing: member mentions are not looked for in them. */
function isTypeOnly(node: ts.Node): boolean {
  const kind = node.kind;
  return (kind >= ts.SyntaxKind.FirstTypeNode && kind <= ts.SyntaxKind.LastTypeNode) || kind === ts.SyntaxKind.InterfaceDeclaration || kind === ts.SyntaxKind.TypeAliasDeclaration || kind === ts.SyntaxKind.ImportDeclaration || kind === ts.SyntaxKind.Identifier;
}

/** Walks a file's nodes iteratively (a deep tree must not overflow the stack), each with whether it lies in a type-only part. */
function walkNames(sourceFile: ts.SourceFile): NameWalk {
  const referenced = new Set<string>();
  const mentions: (string | ts.Identifier)[] = [];
  const stack: ts.Node[] = [sourceFile];
  const inTypes: boolean[] = [false];
  let childrenInTypes = false;
  // One callback for the whole walk, not one made per node.
  const push = (child: ts.Node): void => {
    stack.push(child);
    inTypes.push(childrenInTypes);
  };
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    const inType = inTypes.pop() as boolean;
    if (ts.isStringLiteralLike(node)) {
      if (IDENTIFIER_TEXT.test(node.text)) {
        referenced.add(node.text);
        if (!inType) mentions.push(node.text);
      }
      continue;
    }
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      if (!isDeclaredName(node)) referenced.add(node.text);
      continue;
    }
    childrenInTypes = inType || isTypeOnly(node);
    if (!childrenInTypes) {
      if (ts.isPropertyAccessExpression(node)) {
        if (ts.isIdentifier(node.name)) mentions.push(node.name);
      } else if (ts.isBindingElement(node)) {
        const member = node.propertyName ?? node.name;
        if (ts.isIdentifier(member) || ts.isStringLiteralLike(member)) mentions.push(member.text);
      }
    }
    ts.forEachChild(node, push);
  }
  return { referenced: [...referenced], memberMentions: mentions };
}
