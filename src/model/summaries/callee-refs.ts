import { enclosingClass, isFunctionLike, nameOfClass, ts, unwrap, writtenAt, type FunctionLike } from '../ast.js';
import type { FileFacts } from '../file-facts.js';
import { extractModuleFacts } from '../graph/module-facts.js';
import { baseClassesInFile } from './class-bases.js';
import { nodesWithin } from '../file-index.js';
import { dispatchedTableName, functionTables, TABLE_DISPATCH } from '../dispatch-tables.js';

/** Who a call goes to, as far as one file can tell. */
export type CalleeRef =
  | { readonly kind: 'local'; readonly key: string }
  /**
   * An imported binding (`f()`, `ns.f()`, `(0, import_x.f)()`), or with `instance` a method of an
   * imported class called on an instance of it (`this.generator.run()` after `this.generator = new Generator()`);
   * resolved through the module graph.
   */
  | { readonly kind: 'import'; readonly local: string; readonly member?: string; readonly instance?: true };

/** What resolving a file's callees needs: its imported names and the keys of its named functions. */
export interface CalleeContext {
  readonly imports: ReadonlySet<string>;
  readonly localKeys: ReadonlySet<string>;
  /** The file's tables of functions by name (dispatch-tables.ts): each is summarised as `name.[]`. */
  readonly tables: ReadonlyMap<string, readonly FunctionLike[]>;
}

const contexts = new WeakMap<FileFacts, CalleeContext>();

/** The file's callee context, computed once per file (the summaries' extraction and the rules share it). */
export function calleeContext(facts: FileFacts, imports?: ReadonlySet<string>): CalleeContext {
  let context = contexts.get(facts);
  if (!context) {
    const names = imports ?? new Set(extractModuleFacts(facts.sourceFile, undefined, facts.index).imports.flatMap((i) => i.bindings.map((b) => b.local)));
    const localKeys = new Set<string>();
    for (const fn of facts.index.functions) {
      const key = functionKey(fn);
      if (key) localKeys.add(key);
    }
    const tables = functionTables(facts.index.objectLiterals, facts.resolve, facts.localFunction);
    for (const table of tables.keys()) localKeys.add(`${table}.${TABLE_DISPATCH}`);
    context = { imports: names, localKeys, tables };
    contexts.set(facts, context);
  }
  return context;
}

/** `new Generator(…)` or a `Generator` type annotation: the class name. */
function classNameOf(init: ts.Expression | undefined, type: ts.TypeNode | undefined): string | undefined {
  const created = init && unwrap(init);
  if (created && ts.isNewExpression(created) && ts.isIdentifier(created.expression)) return created.expression.text;
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return type.typeName.text;
  return undefined;
}

const fieldClasses = new WeakMap<ts.ClassLikeDeclaration, Map<string, string | undefined>>();

/** fieldClass, remembered per class and field: every `this.field.method()` call of the class asks, and each answer walks the constructor. */
function fieldClassOnce(cls: ts.ClassLikeDeclaration, field: string): string | undefined {
  let byField = fieldClasses.get(cls);
  if (!byField) fieldClasses.set(cls, (byField = new Map()));
  if (byField.has(field)) return byField.get(field);
  const name = fieldClass(cls, field);
  byField.set(field, name);
  return name;
}

/** The class of `this.field`: from the field's declaration, a constructor parameter property, or `this.field = new X()` in the class. */
function fieldClass(cls: ts.ClassLikeDeclaration, field: string): string | undefined {
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === field) {
      const name = classNameOf(member.initializer, member.type);
      if (name) return name;
    }
    if (ts.isConstructorDeclaration(member)) {
      for (const param of member.parameters) {
        if (ts.isIdentifier(param.name) && param.name.text === field && param.modifiers?.length) return classNameOf(undefined, param.type);
      }
      let found: string | undefined;
      const visit = (node: ts.Node): void => {
        if (found) return;
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)
          && node.left.expression.kind === ts.SyntaxKind.ThisKeyword && node.left.name.text === field) found = classNameOf(node.right, undefined);
        else if (!isFunctionLike(node)) ts.forEachChild(node, visit);
      };
      if (member.body) ts.forEachChild(member.body, visit);
      if (found) return found;
    }
  }
  return undefined;
}

/** The class an instance expression was created from: `this.generator`, or a variable or parameter holding one. */
function instanceClass(target: ts.Expression, facts: FileFacts): string | undefined {
  if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(target);
    return cls ? fieldClassOnce(cls, target.name.text) : undefined;
  }
  if (!ts.isIdentifier(target)) return undefined;
  const decl = facts.resolve(target.text, target);
  if (!decl || (decl.kind !== 'variable' && decl.kind !== 'parameter')) return undefined;
  const node = decl.node;
  const type = ts.isVariableDeclaration(node) || ts.isParameter(node) ? node.type : undefined;
  return classNameOf(decl.init && decl.init.path.length === 0 ? decl.init.expression : undefined, type);
}

/**
 * The callee of a call as data: a function of this file by key, or an imported binding for the module
 * graph. One object per callee and file: a file calls the same few functions from many places, and
 * every function fact, flow and argument names its callees (a third of the facts a run keeps).
 */
export function calleeRef(call: ts.CallExpression, context: CalleeContext, facts?: FileFacts): CalleeRef | undefined {
  const ref = describeCallee(call, context, facts);
  return ref && canonical(context, ref);
}

const canonicalRefs = new WeakMap<CalleeContext, Map<string, CalleeRef>>();

/** A callee's identity as text: what callee-targets.ts resolves refs by, and what lists of refs are deduplicated by. */
export function calleeRefKey(ref: CalleeRef): string {
  return ref.kind === 'local' ? `#${ref.key}` : `${ref.instance ? 'new ' : ''}${ref.local}${ref.member === undefined ? '' : `.${ref.member}`}`;
}

function canonical(context: CalleeContext, ref: CalleeRef): CalleeRef {
  let refs = canonicalRefs.get(context);
  if (!refs) canonicalRefs.set(context, (refs = new Map()));
  const key = calleeRefKey(ref);
  const known = refs.get(key);
  if (known) return known;
  refs.set(key, ref);
  return ref;
}

function describeCallee(call: ts.CallExpression, context: CalleeContext, facts?: FileFacts): CalleeRef | undefined {
  const { imports, localKeys } = context;
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
  if (ts.isBinaryExpression(callee) && callee.operatorToken.kind === ts.SyntaxKind.CommaToken) callee = callee.right;
  // `handlers[name](args)`: any function of the table (dispatch-tables.ts), summarised as one.
  const table = facts && dispatchedTableName(callee, facts.resolve);
  if (table !== undefined) {
    if (localKeys.has(`${table}.${TABLE_DISPATCH}`)) return { kind: 'local', key: `${table}.${TABLE_DISPATCH}` };
    return imports.has(table) ? { kind: 'import', local: table, member: TABLE_DISPATCH } : undefined;
  }
  if (ts.isIdentifier(callee)) {
    if (localKeys.has(callee.text)) return { kind: 'local', key: callee.text };
    return imports.has(callee.text) ? { kind: 'import', local: callee.text } : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const target = callee.expression;
  const member = callee.name.text;
  if (target.kind === ts.SyntaxKind.ThisKeyword) {
    // The class's own method, or one it inherits from a base class of this file (`this.makeRequest()` in a subclass).
    const owner = enclosingClass(call);
    const key = owner && [owner, ...baseClassesInFile(owner)].flatMap((cls) => nameOfClass(cls) ?? []).map((name) => `${name}.${member}`).find((k) => localKeys.has(k));
    return key ? { kind: 'local', key } : undefined;
  }
  if (ts.isIdentifier(target)) {
    if (localKeys.has(`${target.text}.${member}`)) return { kind: 'local', key: `${target.text}.${member}` };
    if (imports.has(target.text)) return { kind: 'import', local: target.text, member };
  }
  // `openai.chat.completions.create(…)` on an imported client instance: the path below the import.
  const path = importedMemberPath(target, member, imports);
  if (path) return path;
  const cls = facts ? instanceClass(target, facts) : undefined;
  if (!cls) return undefined;
  if (localKeys.has(`${cls}.${member}`)) return { kind: 'local', key: `${cls}.${member}` };
  return imports.has(cls) ? { kind: 'import', local: cls, member, instance: true } : undefined;
}

/** `root.a.b` + `member` with `root` imported: `{ local: 'root', member: 'a.b.member' }`. */
function importedMemberPath(target: ts.Expression, member: string, imports: ReadonlySet<string> | ReadonlyMap<string, unknown>): CalleeRef | undefined {
  const names = [member];
  let node = target;
  while (ts.isPropertyAccessExpression(node)) {
    names.unshift(node.name.text);
    node = node.expression;
  }
  return ts.isIdentifier(node) && names.length > 1 && imports.has(node.text) ? { kind: 'import', local: node.text, member: names.join('.') } : undefined;
}

/** The key of a named function; anonymous callbacks have none (their calls belong to the function around them). */
export function functionKey(fn: FunctionLike): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  const parent = fn.parent;
  // `#titles()` too: `this.#titles()` calls it, and a method it calls through `this` has that caller.
  const named = fn.name && (ts.isIdentifier(fn.name) || (ts.isPrivateIdentifier(fn.name) && ts.isClassLike(parent)));
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn) || ts.isSetAccessor(fn)) && fn.name && named) {
    if (ts.isClassLike(parent)) {
      const cls = nameOfClass(parent);
      return cls ? `${cls}.${fn.name.text}` : undefined;
    }
    return objectName(parent) ? `${objectName(parent)}.${fn.name.text}` : undefined;
  }
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    // `const run = __name(async () => …, "run")` in a bundle: the naming wrapper stands where the function was written.
    const written = writtenAt(fn);
    const holder = written.parent;
    if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && holder.initializer === written) return holder.name.text;
    if (ts.isPropertyDeclaration(holder) && ts.isIdentifier(holder.name) && ts.isClassLike(holder.parent)) {
      const cls = nameOfClass(holder.parent);
      return cls ? `${cls}.${holder.name.text}` : undefined;
    }
    if (ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name) && objectName(holder.parent)) return `${objectName(holder.parent)}.${holder.name.text}`;
  }
  return undefined;
}

/** `const tools = { … }`: the object's name, for its methods' keys. */
function objectName(node: ts.Node): string | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const parent = node.parent;
  return ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
}

/**
 * Calls in these regions of project functions (not catalog clients): where a model call could hide.
 * Each call once, also where regions nest (a function and the callbacks inside it).
 */
export function projectCallsWithin(regions: Iterable<ts.Node>, facts: FileFacts): ts.CallExpression[] {
  const context = calleeContext(facts);
  const calls = new Set<ts.CallExpression>();
  for (const region of regions) {
    for (const call of nodesWithin(facts.index.calls, region)) {
      if (!calls.has(call) && !facts.callSiteOf(call) && calleeRef(call, context, facts)) calls.add(call);
    }
  }
  return [...calls];
}
