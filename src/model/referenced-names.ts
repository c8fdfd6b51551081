import { ts } from './ast.js';

const IDENTIFIER_TEXT = /^[A-Za-z_$][\w$]{0,79}$/;

// Read once: `ts.SyntaxKind` is a getter on the bundled compiler's namespace, and these run per node.
const { SyntaxKind } = ts;
const FIRST_TYPE_NODE = SyntaxKind.FirstTypeNode;
const LAST_TYPE_NODE = SyntaxKind.LastTypeNode;

/** The identifier is the name a declaration introduces (`function send`, `send() {}` in a class or interface, a parameter), not a use of it. */
function isDeclaredName(id: ts.Identifier | ts.PrivateIdentifier): boolean {
  const parent = id.parent;
  switch (parent.kind) {
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ClassDeclaration:
    case SyntaxKind.ClassExpression:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.MethodSignature:
    case SyntaxKind.PropertyDeclaration:
    case SyntaxKind.PropertySignature:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
    case SyntaxKind.InterfaceDeclaration:
    case SyntaxKind.TypeAliasDeclaration:
    case SyntaxKind.EnumDeclaration:
    case SyntaxKind.Parameter:
    case SyntaxKind.TypeParameter:
    case SyntaxKind.VariableDeclaration:
    case SyntaxKind.ImportClause:
    case SyntaxKind.NamespaceImport:
      return (parent as ts.NamedDeclaration).name === id;
    case SyntaxKind.ImportSpecifier:
    case SyntaxKind.ExportSpecifier: {
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
 * The names a file uses where only a member can be meant: property reads and writes (`client.send`,
 * `this.send`), destructured members (`{ send } = client`), qualified type names, and strings that could
 * be a name. A bare `send()` in another file calls some other function of that name, never a class's
 * method: a method named in no file's set is called from nowhere in the project.
 */
export function memberNames(sourceFile: ts.SourceFile): readonly string[] {
  return nameWalk(sourceFile).members;
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
  readonly members: readonly string[];
  readonly memberMentions: readonly (string | ts.Identifier)[];
}

/** Both answers come from one walk of the file (kept while the file is), not one walk each. */
const walks = new WeakMap<ts.SourceFile, NameWalk>();

function nameWalk(sourceFile: ts.SourceFile): NameWalk {
  let walk = walks.get(sourceFile);
  if (!walk) walks.set(sourceFile, (walk = walkNames(sourceFile)));
  return walk;
}

/** Types and import declarations call nothing: member mentions are not looked for in them. */
function isTypeOnly(kind: ts.SyntaxKind): boolean {
  return (kind >= FIRST_TYPE_NODE && kind <= LAST_TYPE_NODE) || kind === SyntaxKind.InterfaceDeclaration || kind === SyntaxKind.TypeAliasDeclaration || kind === SyntaxKind.ImportDeclaration;
}

/** The identifier names a member: `x.name`, `A.B` in a type, or the member a destructuring reads (`{ name } = x`, `{ name: local } = x`). */
function isMemberName(id: ts.Identifier | ts.PrivateIdentifier): boolean {
  const parent = id.parent;
  switch (parent.kind) {
    case SyntaxKind.PropertyAccessExpression:
      return (parent as ts.PropertyAccessExpression).name === id;
    case SyntaxKind.QualifiedName:
      return (parent as ts.QualifiedName).right === id;
    case SyntaxKind.BindingElement: {
      const element = parent as ts.BindingElement;
      return ts.isObjectBindingPattern(element.parent) && (element.propertyName ?? element.name) === id;
    }
    default:
      return false;
  }
}

/** Walks a file's nodes iteratively (a deep tree must not overflow the stack), each with whether it lies in a type-only part. */
function walkNames(sourceFile: ts.SourceFile): NameWalk {
  const referenced = new Set<string>();
  const members = new Set<string>();
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
    const kind = node.kind;
    if (kind === SyntaxKind.StringLiteral || kind === SyntaxKind.NoSubstitutionTemplateLiteral) {
      const text = (node as ts.StringLiteralLike).text;
      if (IDENTIFIER_TEXT.test(text)) {
        referenced.add(text);
        members.add(text);
        if (!inType) mentions.push(text);
      }
      continue;
    }
    if (kind === SyntaxKind.Identifier || kind === SyntaxKind.PrivateIdentifier) {
      const id = node as ts.Identifier | ts.PrivateIdentifier;
      if (!isDeclaredName(id)) referenced.add(id.text);
      if (isMemberName(id)) members.add(id.text);
      continue;
    }
    childrenInTypes = inType || isTypeOnly(kind);
    if (!childrenInTypes) {
      if (kind === SyntaxKind.PropertyAccessExpression) {
        const name = (node as ts.PropertyAccessExpression).name;
        if (name.kind === SyntaxKind.Identifier) mentions.push(name);
      } else if (kind === SyntaxKind.BindingElement) {
        const element = node as ts.BindingElement;
        const member = element.propertyName ?? element.name;
        if (ts.isIdentifier(member) || ts.isStringLiteralLike(member)) mentions.push(member.text);
      }
    }
    ts.forEachChild(node, push);
  }
  return { referenced: [...referenced], members: [...members], memberMentions: mentions };
}
