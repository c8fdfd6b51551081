import { isFunctionLike, staticName, ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';

/** Zod constructors whose values are no free text: the SDK rejects anything else before the tool runs. */
const CLOSED_ZOD = new Set(['enum', 'nativeEnum', 'literal', 'number', 'boolean', 'bigint']);
/** Zod methods after which the value may be something else again. */
const REOPENING_ZOD = new Set(['transform', 'preprocess', 'pipe', 'or', 'and', 'catch', 'union']);
/** JSON Schema types whose values are no free text. */
const CLOSED_JSON_TYPES = new Set(['number', 'integer', 'boolean']);
/** Class members that hold a tool class's input schema (`schema = z.object({…})`). */
const SCHEMA_MEMBERS = new Set(['schema', 'inputSchema', 'parameters', 'argsSchema']);

/** The value behind an identifier declared with one in this file (`inputSchema: Args` with `const Args = z.object({…})`). */
function valueOf(expr: ts.Expression, facts: FileFacts): ts.Expression {
  const node = unwrap(expr);
  if (!ts.isIdentifier(node)) return node;
  const decl = facts.resolve(node.text, node);
  return decl?.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : node;
}

/** `z.enum([...])`, `z.number().int().min(1)`: a zod chain whose values are closed. */
function isClosedZod(expr: ts.Expression): boolean {
  let node = unwrap(expr);
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const method = node.expression.name.text;
    if (REOPENING_ZOD.has(method)) return false;
    const receiver = unwrap(node.expression.expression);
    if (ts.isIdentifier(receiver)) return CLOSED_ZOD.has(method);
    node = receiver;
  }
  return false;
}

/** `{ type: 'string', enum: [...] }`, `{ type: 'integer' }`: a JSON Schema property whose values are closed. */
function isClosedJsonSchema(expr: ts.Expression): boolean {
  const node = unwrap(expr);
  if (!ts.isObjectLiteralExpression(node)) return false;
  return node.properties.some((p) => {
    if (!ts.isPropertyAssignment(p)) return false;
    const key = staticName(p.name);
    const value = unwrap(p.initializer);
    if (key === 'enum' || key === 'const') return true;
    return key === 'type' && ts.isStringLiteralLike(value) && CLOSED_JSON_TYPES.has(value.text);
  });
}

/** The declarations of a property named `name` in schema code: object literal keys, outside functions, following identifiers once. */
function schemaPropertyValues(roots: readonly ts.Expression[], name: string, facts: FileFacts): ts.Expression[] {
  const found: ts.Expression[] = [];
  const seen = new Set<ts.Node>();
  const visit = (node: ts.Node, follow: boolean): void => {
    if (seen.has(node) || isFunctionLike(node)) return;
    seen.add(node);
    if (ts.isPropertyAssignment(node) && staticName(node.name) === name) found.push(node.initializer);
    if (follow && ts.isIdentifier(node)) {
      const value = valueOf(node, facts);
      if (value !== node) visit(value, false);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, follow));
  };
  for (const root of roots) visit(root, true);
  return found;
}

/** Where a tool's input schema can be written: the definition call's other arguments, or a tool class's schema member. */
function schemaRoots(handler: ts.FunctionLikeDeclaration, call: ts.CallExpression | ts.NewExpression | undefined): ts.Expression[] {
  if (call) return (call.arguments ?? []).filter((arg) => arg !== handler);
  const owner = handler.parent;
  if (!ts.isMethodDeclaration(handler) || !owner || !ts.isClassLike(owner)) return [];
  return owner.members.flatMap((member) => (ts.isPropertyDeclaration(member) && member.initializer && SCHEMA_MEMBERS.has(staticName(member.name) ?? '') ? [member.initializer] : []));
}

/**
 * Is this destructured tool argument closed by the tool's schema: declared `z.enum([...])`,
 * `z.number()`, `z.boolean()`, a literal, or a JSON Schema `enum` or numeric type? The framework
 * validates the model's arguments against the schema before the tool runs, so the value is one of a
 * few the tool's author chose, or a number: no text a prompt injection can write.
 */
export function isClosedToolArgument(node: ts.Node, call: ts.CallExpression | ts.NewExpression | undefined, facts: FileFacts): boolean {
  if (!ts.isBindingElement(node) || !ts.isObjectBindingPattern(node.parent) || node.dotDotDotToken) return false;
  const param = node.parent.parent;
  const handler = param.parent;
  if (!ts.isParameter(param) || !handler || !isFunctionLike(handler)) return false;
  const name = staticName(node.propertyName ?? node.name);
  if (!name) return false;
  const values = schemaPropertyValues(schemaRoots(handler, call), name, facts);
  return values.length > 0 && values.every((value) => isClosedZod(valueOf(value, facts)) || isClosedJsonSchema(valueOf(value, facts)));
}
