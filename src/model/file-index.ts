import { isFunctionLike, pushChildren, ts, type FunctionLike } from './ast.js';
import { isReference, type DeclaringNode } from './scope.js';
import { requiredModule } from './syntax.js';

// Read once: `ts.SyntaxKind` is a getter on the bundled compiler's namespace, and this switch runs per node.
const { SyntaxKind } = ts;

export type StringLiteralPart = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateHead | ts.TemplateMiddle | ts.TemplateTail;

/** What one traversal of a file collects; rules and analyses read these instead of walking again. */
export interface FileIndex {
  readonly calls: readonly ts.CallExpression[];
  readonly newExpressions: readonly ts.NewExpression[];
  readonly loops: readonly ts.IterationStatement[];
  /** `{ role: 'system', content }` objects and `['system', text]` message tuples. */
  readonly systemMessages: readonly (ts.ObjectLiteralExpression | ts.ArrayLiteralExpression)[];
  /** String literals and the literal parts of template strings, outside type declarations and import specifiers. */
  readonly stringLiterals: readonly StringLiteralPart[];
  /** Module specifiers of import declarations, `import x = require()`, `require('m')` and `import('m')`. */
  readonly importedModules: ReadonlySet<string>;
  readonly functions: readonly FunctionLike[];
  readonly objectLiterals: readonly ts.ObjectLiteralExpression[];
  /** `key: value` and shorthand `key` properties of object literals. */
  readonly properties: readonly (ts.PropertyAssignment | ts.ShorthandPropertyAssignment)[];
  /** Plain `target = value` assignments. */
  readonly assignments: readonly ts.BinaryExpression[];
  readonly switches: readonly ts.SwitchStatement[];
  /** `if` statements, `?:` expressions and `&&` / `||` expressions: where code may run only under a condition (roles/branches.ts). */
  readonly branches: readonly (ts.IfStatement | ts.ConditionalExpression | ts.BinaryExpression)[];
  /** Identifiers that read a binding (see isReference), by name, in source order. */
  readonly reads: ReadonlyMap<string, readonly ts.Identifier[]>;
  /** Variable, function, class, catch and import declarations, in source order (scope.ts groups them by function). */
  readonly declaring: readonly DeclaringNode[];
}

/** One pass over the compiler nodes (ts.forEachChild, not ts-morph wrappers). Declarations are indexed lazily (scope.ts). */
export function buildFileIndex(sourceFile: ts.SourceFile): FileIndex {
  const calls: ts.CallExpression[] = [];
  const newExpressions: ts.NewExpression[] = [];
  const loops: ts.IterationStatement[] = [];
  const systemMessages: (ts.ObjectLiteralExpression | ts.ArrayLiteralExpression)[] = [];
  const stringLiterals: StringLiteralPart[] = [];
  const importedModules = new Set<string>();
  const functions: FunctionLike[] = [];
  const objectLiterals: ts.ObjectLiteralExpression[] = [];
  const properties: (ts.PropertyAssignment | ts.ShorthandPropertyAssignment)[] = [];
  const assignments: ts.BinaryExpression[] = [];
  const switches: ts.SwitchStatement[] = [];
  const branches: (ts.IfStatement | ts.ConditionalExpression | ts.BinaryExpression)[] = [];
  const reads = new Map<string, ts.Identifier[]>();
  const declaring: DeclaringNode[] = [];

  /** Indexes one node; false when its children hold nothing to index. */
  const visit = (node: ts.Node): boolean => {
    switch (node.kind) {
      case SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        calls.push(call);
        const module = requiredModule(call);
        if (module) importedModules.add(module);
        break;
      }
      case SyntaxKind.NewExpression:
        newExpressions.push(node as ts.NewExpression);
        break;
      case SyntaxKind.Identifier: {
        const id = node as ts.Identifier;
        if (!isReference(id)) return false;
        const list = reads.get(id.text);
        if (list) list.push(id);
        else reads.set(id.text, [id]);
        return false;
      }
      case SyntaxKind.ObjectLiteralExpression:
        objectLiterals.push(node as ts.ObjectLiteralExpression);
        break;
      case SyntaxKind.ShorthandPropertyAssignment:
        properties.push(node as ts.ShorthandPropertyAssignment);
        break;
      case SyntaxKind.BinaryExpression: {
        const operator = (node as ts.BinaryExpression).operatorToken.kind;
        if (operator === SyntaxKind.EqualsToken) assignments.push(node as ts.BinaryExpression);
        else if (operator === SyntaxKind.AmpersandAmpersandToken || operator === SyntaxKind.BarBarToken) branches.push(node as ts.BinaryExpression);
        break;
      }
      case SyntaxKind.IfStatement:
      case SyntaxKind.ConditionalExpression:
        branches.push(node as ts.IfStatement | ts.ConditionalExpression);
        break;
      case SyntaxKind.VariableDeclaration:
      case SyntaxKind.FunctionDeclaration:
      case SyntaxKind.ClassDeclaration:
      case SyntaxKind.CatchClause:
        declaring.push(node as DeclaringNode);
        if (node.kind === SyntaxKind.FunctionDeclaration) functions.push(node as ts.FunctionDeclaration);
        break;
      case SyntaxKind.SwitchStatement:
        switches.push(node as ts.SwitchStatement);
        break;
      case SyntaxKind.PropertyAssignment: {
        const prop = node as ts.PropertyAssignment;
        properties.push(prop);
        if (ts.isIdentifier(prop.name) && prop.name.text === 'role' && ts.isStringLiteralLike(prop.initializer) && prop.initializer.text === 'system' && ts.isObjectLiteralExpression(prop.parent)) systemMessages.push(prop.parent);
        break;
      }
      case SyntaxKind.ArrayLiteralExpression: {
        const tuple = node as ts.ArrayLiteralExpression;
        const [first, second] = tuple.elements;
        if (tuple.elements.length === 2 && first && ts.isStringLiteralLike(first) && first.text === 'system' && second && (ts.isStringLiteralLike(second) || ts.isTemplateExpression(second))) systemMessages.push(tuple);
        break;
      }
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
      case SyntaxKind.TemplateHead:
      case SyntaxKind.TemplateMiddle:
      case SyntaxKind.TemplateTail:
        stringLiterals.push(node as StringLiteralPart);
        return false;
      case SyntaxKind.ImportDeclaration: {
        declaring.push(node as ts.ImportDeclaration);
        const spec = (node as ts.ImportDeclaration).moduleSpecifier;
        if (ts.isStringLiteral(spec)) importedModules.add(spec.text);
        return false;
      }
      case SyntaxKind.ImportEqualsDeclaration: {
        declaring.push(node as ts.ImportEqualsDeclaration);
        const ref = (node as ts.ImportEqualsDeclaration).moduleReference;
        if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) importedModules.add(ref.expression.text);
        return false;
      }
      case SyntaxKind.ForStatement:
      case SyntaxKind.ForOfStatement:
      case SyntaxKind.ForInStatement:
      case SyntaxKind.WhileStatement:
      case SyntaxKind.DoStatement:
        loops.push(node as ts.IterationStatement);
        break;
      // Types, interfaces and type aliases hold no calls: skipping them is a large share of .ts files.
      case SyntaxKind.InterfaceDeclaration:
      case SyntaxKind.TypeAliasDeclaration:
        return false;
      default:
        if (isFunctionLike(node)) functions.push(node);
        break;
    }
    return true;
  };
  const stack: ts.Node[] = [];
  pushChildren(stack, sourceFile);
  for (let node = stack.pop(); node; node = stack.pop()) if (visit(node)) pushChildren(stack, node);
  return { calls, newExpressions, loops, systemMessages, stringLiterals, importedModules, functions, objectLiterals, properties, assignments, switches, branches, reads, declaring };
}

/**
 * The nodes of an index list (in source order: the walk is pre-order) that lie within `node`, itself
 * included, found by binary search instead of a scan of the whole file's list.
 */
export function nodesWithin<T extends ts.Node>(sorted: readonly T[], node: ts.Node): T[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as T).pos < node.pos) low = middle + 1;
    else high = middle;
  }
  const found: T[] = [];
  for (let i = low; i < sorted.length && (sorted[i] as T).pos < node.end; i++) if ((sorted[i] as T).end <= node.end) found.push(sorted[i] as T);
  return found;
}
