import { isFunctionLike, ts } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { toolBaseClassesOf } from './tool-definitions.js';

/** `return new AIPluginTool({…})` or `return new this(…)`: the method hands back an instance of its own class. */
function returnsOwnInstance(method: ts.MethodDeclaration, cls: ts.ClassLikeDeclaration): boolean {
  const name = cls.name?.text;
  const makesOwn = (expr: ts.Expression | undefined): boolean => {
    if (!expr || !ts.isNewExpression(expr)) return false;
    return expr.expression.kind === ts.SyntaxKind.ThisKeyword || (name !== undefined && ts.isIdentifier(expr.expression) && expr.expression.text === name);
  };
  const visit = (node: ts.Node): boolean => (ts.isReturnStatement(node) && makesOwn(node.expression)) || (!isFunctionLike(node) && ts.forEachChild(node, visit) === true);
  return method.body !== undefined && visit(method.body);
}

/**
 * The node sits in a tool class's static factory (`static async fromPluginUrl(url) { … return new
 * AIPluginTool({…}) }` in a class extending a framework's tool base class): it runs while the application
 * builds its tools, before any agent step, and a failure or a hang there is the developer's to see at
 * start-up. The tool's own method (`_call`), and any function the factory builds for it, run for the agent
 * and are judged.
 */
export function inToolFactory(node: ts.Node, facts: FileFacts): boolean {
  // The factory's own body: a function it builds (the tool's `func`) runs later, for the agent.
  let method: ts.Node | undefined = node.parent;
  while (method && !isFunctionLike(method)) method = method.parent;
  if (!method || !ts.isMethodDeclaration(method) || !ts.isClassLike(method.parent)) return false;
  const isStatic = ts.getModifiers(method)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) === true;
  return isStatic && toolBaseClassesOf(method.parent, facts).length > 0 && returnsOwnInstance(method, method.parent);
}
