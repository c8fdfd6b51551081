import { enclosingFunction, isFunctionLike, staticName, ts, unwrap, valueCarrier, type FunctionLike } from '../../../src/model/ast.js';
import { isConversationState } from './conversation-state.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { changeOf, isModuleLevel, memberPath } from './module-variable-changes.js';
import { functionsReachedFrom } from '../../../src/model/reaches.js';
import { madeBy } from './module-level-memories.js';
import type { Declaration } from '../../../src/model/scope.js';

/** An instance of a class from this file, created once at module level, whose methods change a conversation it holds. */
export interface SingletonState {
  readonly decl: Declaration;
  /** `agent` */
  readonly name: string;
  /** Calls on the instance inside functions to methods that change the conversation, in source order, with the field (`ChatAgent.history`). */
  readonly uses: readonly { readonly node: ts.CallExpression; readonly field: string }[];
}

interface FieldChange {
  readonly field: string;
  readonly node: ts.Node;
  readonly values: readonly ts.Expression[];
}

const isThis = (node: ts.Node): boolean => node.kind === ts.SyntaxKind.ThisKeyword;

/** Changes to `this.<field>` (appends, assignments) in the class's methods, constructor excluded. */
function fieldChanges(cls: ts.ClassLikeDeclaration): FieldChange[] {
  const changes: FieldChange[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isConstructorDeclaration(node) || ts.isClassLike(node)) return;
    const change = changeOf(node);
    const target = change && memberPath(change.target);
    if (change && target && isThis(target.root) && target.path.length > 0 && enclosingFunction(node)) changes.push({ field: target.path.join('.'), node, values: change.values });
    ts.forEachChild(node, visit);
  };
  for (const member of cls.members) if (!ts.isConstructorDeclaration(member)) ts.forEachChild(member, visit);
  return changes;
}

/** `this.history` reads in the class (the first path segment of the field). */
function fieldReads(cls: ts.ClassLikeDeclaration, field: string): ts.Expression[] {
  const head = field.split('.')[0];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isThis(node.expression) && node.name.text === head) found.push(valueCarrier(node));
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(cls, visit);
  return found;
}

function fieldDeclaration(cls: ts.ClassLikeDeclaration, field: string): ts.PropertyDeclaration | undefined {
  return cls.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && staticName(m.name) === field);
}

/** Fields given a conversation memory or stateful chain: `memory = new BufferMemory()`, `this.chain = new ConversationChain(…)` in the constructor. */
function memoryFields(cls: ts.ClassLikeDeclaration, facts: FileFacts): Set<string> {
  const fields = new Set<string>();
  const add = (name: string | undefined, value: ts.Expression | undefined): void => {
    if (name && value && madeBy(value, facts)) fields.add(name);
  };
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member)) add(staticName(member.name), member.initializer);
    if (!ts.isConstructorDeclaration(member) || !member.body) continue;
    for (const statement of member.body.statements) {
      const expr = ts.isExpressionStatement(statement) ? statement.expression : undefined;
      if (expr && ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(expr.left) && isThis(expr.left.expression)) add(expr.left.name.text, expr.right);
    }
  }
  return fields;
}

/** Uses of memory fields in methods (constructor excluded): the call made on `this.memory`, else the access. */
function memoryFieldUses(cls: ts.ClassLikeDeclaration, facts: FileFacts): FieldChange[] {
  const fields = memoryFields(cls, facts);
  if (fields.size === 0) return [];
  return fieldAccesses(cls).flatMap((access) => {
    if (!fields.has(access.name.text) || !enclosingFunction(access) || insideConstructor(access)) return [];
    const call = ts.isPropertyAccessExpression(access.parent) && ts.isCallExpression(access.parent.parent) && access.parent.parent.expression === access.parent ? access.parent.parent : undefined;
    return [{ field: access.name.text, node: call ?? access, values: [] }];
  });
}

function fieldAccesses(cls: ts.ClassLikeDeclaration): ts.PropertyAccessExpression[] {
  const found: ts.PropertyAccessExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isThis(node.expression)) found.push(node);
    ts.forEachChild(node, visit);
  };
  for (const member of cls.members) ts.forEachChild(member, visit);
  return found;
}

function insideConstructor(node: ts.Node): boolean {
  for (let up: ts.Node | undefined = node.parent; up && !ts.isClassLike(up); up = up.parent) if (ts.isConstructorDeclaration(up)) return true;
  return false;
}

/** The class's conversation fields and the changes to them, and the uses of its memory fields. */
function conversationChanges(cls: ts.ClassLikeDeclaration, facts: FileFacts): FieldChange[] {
  const byField = new Map<string, FieldChange[]>();
  for (const change of fieldChanges(cls)) byField.set(change.field, [...(byField.get(change.field) ?? []), change]);
  const changed = [...byField.entries()].flatMap(([field, changes]) => {
    const decl = fieldDeclaration(cls, field);
    const evidence = { name: field, type: decl?.type, initializer: decl?.initializer, values: changes.flatMap((c) => c.values), reads: () => fieldReads(cls, field) };
    return isConversationState(evidence, facts) ? changes : [];
  });
  return [...changed, ...memoryFieldUses(cls, facts)].sort((a, b) => a.node.pos - b.node.pos);
}

/** Methods (and function-valued fields) of the class by name, with the first conversation field each one changes. */
function changingMethods(cls: ts.ClassLikeDeclaration, facts: FileFacts): Map<string, string> {
  const changes = conversationChanges(cls, facts);
  const methods = new Map<string, string>();
  if (changes.length === 0) return methods;
  for (const member of cls.members) {
    const name = staticName(member.name);
    const fn: FunctionLike | undefined = ts.isMethodDeclaration(member) ? member : ts.isPropertyDeclaration(member) && member.initializer && isFunctionLike(unwrap(member.initializer)) ? (unwrap(member.initializer) as FunctionLike) : undefined;
    if (!name || !fn) continue;
    const reached = functionsReachedFrom(fn, facts);
    const change = changes.find((c) => {
      const owner = enclosingFunction(c.node);
      return owner !== undefined && reached.has(owner);
    });
    if (change) methods.set(name, change.field);
  }
  return methods;
}

/** A change to a conversation field of a class the framework creates once (a NestJS controller or provider). */
export interface ManagedFieldChange {
  readonly node: ts.Node;
  readonly className: string;
  /** `ChatController.history` */
  readonly field: string;
}

/** `@Injectable()`, `@Controller('chat')` — but not `@Injectable({ scope: Scope.REQUEST })`. */
function isManagedSingleton(cls: ts.ClassLikeDeclaration, facts: FileFacts): boolean {
  const { singletonClasses, perRequestScopes } = facts.classifier.sessionState;
  return (ts.getDecorators(cls) ?? []).some((decorator) => {
    const call = decorator.expression;
    if (!ts.isCallExpression(call)) return false;
    const origin = facts.originOf(call.expression);
    if (!origin || !facts.classifier.matches(singletonClasses, origin)) return false;
    const scope = call.arguments.flatMap((arg) => (ts.isObjectLiteralExpression(arg) ? arg.properties : [])).find((p) => staticName(p.name) === 'scope');
    return !scope || !perRequestScopes.some((value) => scope.getText(facts.sourceFile).endsWith(value));
  });
}

/** Conversation fields changed in the methods of framework singletons declared in this file. */
export function managedFieldChanges(facts: FileFacts): ManagedFieldChange[] {
  const found: ManagedFieldChange[] = [];
  for (const statement of facts.sourceFile.statements) {
    if (!ts.isClassDeclaration(statement) || !isManagedSingleton(statement, facts)) continue;
    const className = statement.name?.text ?? 'class';
    for (const change of conversationChanges(statement, facts)) found.push({ node: change.node, className, field: `${className}.${change.field}` });
  }
  return found;
}

/** `const agent = new ChatAgent()` at module level, where ChatAgent is declared in this file. */
function localClassOf(init: ts.Expression, facts: FileFacts): ts.ClassLikeDeclaration | undefined {
  const node = unwrap(init);
  if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression)) return undefined;
  const decl = facts.resolve(node.expression.text, node.expression);
  return decl?.kind === 'class' && ts.isClassDeclaration(decl.node) ? decl.node : undefined;
}

/** Module-level instances of this file's classes whose methods change a conversation held in a field. */
export function singletonStates(facts: FileFacts): SingletonState[] {
  const found: SingletonState[] = [];
  for (const statement of facts.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const node of statement.declarationList.declarations) {
      const cls = node.initializer && ts.isIdentifier(node.name) ? localClassOf(node.initializer, facts) : undefined;
      const decl = cls && facts.resolve((node.name as ts.Identifier).text, node.name);
      if (!cls || !isModuleLevel(decl)) continue;
      const methods = changingMethods(cls, facts);
      if (methods.size === 0) continue;
      const uses = facts.references(decl).flatMap((ref) => {
        const member = valueCarrier(ref).parent;
        if (!enclosingFunction(ref) || !ts.isPropertyAccessExpression(member) || !ts.isCallExpression(member.parent) || member.parent.expression !== member) return [];
        const field = methods.get(member.name.text);
        return field ? [{ node: member.parent, field: `${cls.name?.text ?? 'class'}.${field}` }] : [];
      });
      found.push({ decl, name: decl.name, uses });
    }
  }
  return found;
}
