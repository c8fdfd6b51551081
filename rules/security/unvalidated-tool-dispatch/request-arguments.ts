import { isFunctionLike, staticName, ts, unwrap, walk, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { destinationOf } from '../../../src/model/value-flow.js';
import { isValidated, isValidatorCall } from '../../../src/domain/untrusted/validation.js';
import { toolRequestHandlersIn, type ToolRequestHandler } from '../../../src/domain/tools/request-handlers.js';

/** A server-wide tool-call handler and the places it reads the model's arguments. */
export interface RequestArgumentsUse {
  readonly handler: ToolRequestHandler;
  /** `request.params.arguments` reads and `{ arguments: args } = request.params` bindings, in source order. */
  readonly reads: readonly ts.Node[];
  readonly validated: boolean;
  /** Fields are read or the object goes to a same-file helper (not only forwarded whole elsewhere). */
  readonly usedRaw: boolean;
}

/** `request.params` → ['request', 'params']; undefined for anything but a plain member chain. */
function memberChain(expr: ts.Expression): string[] | undefined {
  const node = unwrap(expr);
  if (ts.isIdentifier(node)) return [node.text];
  if (ts.isPropertyAccessExpression(node)) {
    const base = memberChain(node.expression);
    return base && [...base, node.name.text];
  }
  return undefined;
}

function sameChain(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((part, i) => part === b[i]);
}

/**
 * Is the arguments object validated as a whole: passed to a schema parse or validator, or to a same-file
 * reader whose parameter is checked (`readText(args, 'city')` testing the field's type)? A check of one
 * field (`Array.isArray(args.tags)`) leaves the others unchecked, so it does not count here.
 */
function validatedHere(expr: ts.Expression, facts: FileFacts, depth = 0): boolean {
  if (depth > 3) return false;
  const destination = destinationOf(expr, facts);
  if (destination.kind === 'binding') {
    return destination.declarations.some((decl) => facts.references(decl).some((ref) => validatedHere(ref, facts, depth + 1)));
  }
  if (destination.kind !== 'argument' || !ts.isCallExpression(destination.call)) return false;
  if (isValidatorCall(destination.call, facts)) return true;
  const helper = facts.localFunction(destination.call.expression);
  const index = destination.call.arguments.findIndex((arg) => arg.pos <= expr.pos && expr.end <= arg.end);
  const param = helper?.parameters[index];
  if (!helper || !param || !ts.isIdentifier(param.name)) return false;
  const decl = facts.resolve(param.name.text, param.name);
  return !!decl && facts.references(decl).some((ref) => isValidated(ref, facts));
}

/**
 * Does the handler itself rely on the raw arguments: read a field, or hand them to a same-file helper?
 * Arguments only forwarded whole to code elsewhere (`executeTool(tool, args)`) may be validated there,
 * which a per-file check cannot see, so they are not judged.
 */
function usedRawHere(expr: ts.Expression, facts: FileFacts, depth = 0): boolean {
  if (depth > 3) return false;
  const destination = destinationOf(expr, facts);
  if (destination.kind === 'member') return true;
  if (destination.kind === 'binding') {
    return destination.declarations.some((decl) => decl.init?.path.length ? true : facts.references(decl).some((ref) => usedRawHere(ref, facts, depth + 1)));
  }
  return destination.kind === 'argument' && ts.isCallExpression(destination.call) && facts.localFunction(destination.call.expression) !== undefined;
}

function bindingUsedRaw(name: ts.BindingName, facts: FileFacts): boolean {
  if (!ts.isIdentifier(name)) return true;
  const decl = facts.resolve(name.text, name);
  return !!decl && facts.references(decl).some((ref) => usedRawHere(ref, facts));
}

function bindingValidated(name: ts.BindingName, facts: FileFacts): boolean {
  if (!ts.isIdentifier(name)) return true; // destructured further: each field is read by name, not passed on whole
  const decl = facts.resolve(name.text, name);
  return !!decl && facts.references(decl).some((ref) => validatedHere(ref, facts));
}

function readsIn(handler: FunctionLike, facts: FileFacts, argumentPath: readonly string[]): { reads: ts.Node[]; validated: boolean; usedRaw: boolean } {
  const param = handler.parameters[0];
  const reads: ts.Node[] = [];
  let validated = false;
  let usedRaw = false;
  if (!param || !ts.isIdentifier(param.name) || !handler.body || argumentPath.length === 0) return { reads, validated, usedRaw };
  const root = param.name.text;
  const container = [root, ...argumentPath.slice(0, -1)];
  const member = argumentPath[argumentPath.length - 1]!;
  walk(handler.body, (node) => {
    if (isFunctionLike(node) && node !== handler && node.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === root)) return false;
    if (ts.isPropertyAccessExpression(node) && node.name.text === member && sameChain(memberChain(node.expression), container)) {
      reads.push(node);
      if (validatedHere(node, facts)) validated = true;
      if (usedRawHere(node, facts)) usedRaw = true;
      return false;
    }
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isObjectBindingPattern(node.name) && sameChain(memberChain(node.initializer), container)) {
      for (const element of node.name.elements) {
        if (staticName(element.propertyName ?? element.name) !== member) continue;
        reads.push(element);
        if (bindingValidated(element.name, facts)) validated = true;
        if (bindingUsedRaw(element.name, facts)) usedRaw = true;
      }
    }
    return true;
  });
  return { reads, validated, usedRaw };
}

/** Every server-wide tool-call handler in the file that reads the model's arguments. */
export function requestArgumentUses(facts: FileFacts): RequestArgumentsUse[] {
  return toolRequestHandlersIn(facts).flatMap((handler) => {
    const { reads, validated, usedRaw } = readsIn(handler.handler, facts, handler.entry.argumentPath);
    return reads.length > 0 ? [{ handler, reads, validated, usedRaw }] : [];
  });
}
