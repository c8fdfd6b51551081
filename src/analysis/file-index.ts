import { ts } from './ast.js';

/** What one traversal of a file collects; rules and analyses read these instead of walking again. */
export interface FileIndex {
  readonly calls: readonly ts.CallExpression[];
  readonly loops: readonly ts.IterationStatement[];
  /** Module specifiers of import declarations, `import x = require()`, `require('m')` and `import('m')`. */
  readonly importedModules: ReadonlySet<string>;
}

function requiredModule(call: ts.CallExpression): string | undefined {
  const arg = call.arguments[0];
  if (!arg || !ts.isStringLiteral(arg)) return undefined;
  const callee = call.expression;
  if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) return arg.text;
  return undefined;
}

/** One pass over the compiler nodes (ts.forEachChild, not ts-morph wrappers). Declarations are indexed lazily (scope.ts). */
export function buildFileIndex(sourceFile: ts.SourceFile): FileIndex {
  const calls: ts.CallExpression[] = [];
  const loops: ts.IterationStatement[] = [];
  const importedModules = new Set<string>();

  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        calls.push(call);
        const module = requiredModule(call);
        if (module) importedModules.add(module);
        break;
      }
      case ts.SyntaxKind.ImportDeclaration: {
        const spec = (node as ts.ImportDeclaration).moduleSpecifier;
        if (ts.isStringLiteral(spec)) importedModules.add(spec.text);
        return;
      }
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const ref = (node as ts.ImportEqualsDeclaration).moduleReference;
        if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) importedModules.add(ref.expression.text);
        return;
      }
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement:
        loops.push(node as ts.IterationStatement);
        break;
      // Types, interfaces and type aliases hold no calls: skipping them is a large share of .ts files.
      case ts.SyntaxKind.InterfaceDeclaration:
      case ts.SyntaxKind.TypeAliasDeclaration:
        return;
      default:
        break;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return { calls, loops, importedModules };
}

