import type { ToolDefinition } from '../../catalog/types.js';
import { isFunctionLike, receivingCall, staticName, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import { moduleMatcher, pathMatches } from '../../catalog/matcher.js';
import type { FileFacts } from '../../model/file-facts.js';
import type { InventoryTool } from '../../inventory/types.js';
import { argumentProperty, calleeLastName, lineOf, stringValue } from '../../inventory/values.js';
import { memoPerNode } from '../../model/node-memo.js';
import { extendedCatalogClasses } from '../../model/catalog-class.js';
import { isDestructiveTool } from './destructive-calls.js';

export const HANDLER_KEYS = ['execute', 'func', 'handler', 'run', 'invoke', 'call'];

/** A tool definition call or constructor, by import (`tool` from 'ai', `server.tool` from the MCP SDK…); rules and traces ask of the same calls, so each is answered once. */
export const toolDefinitionOf: (call: ts.CallExpression | ts.NewExpression, facts: FileFacts) => ToolDefinition | undefined = memoPerNode(definitionOf);

const callNamesOf = new WeakMap<readonly ToolDefinition[], ReadonlySet<string>>();

/** Every name a tool definition is called by, once per catalog: most calls are ruled out by their name alone. */
function definitionCallNames(definitions: readonly ToolDefinition[]): ReadonlySet<string> {
  let names = callNamesOf.get(definitions);
  if (!names) callNamesOf.set(definitions, (names = new Set(definitions.flatMap((d) => d.calls))));
  return names;
}

function definitionOf(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): ToolDefinition | undefined {
  const definitions = facts.classifier.agents.toolDefinitions;
  const name = importedName(call.expression, facts) ?? calleeLastName(call.expression);
  if (!name || !definitionCallNames(definitions).has(name)) return undefined;
  const origin = facts.originOf(call.expression);
  if (!origin) return registrationByShape(call, name, facts, definitions);
  return definitions.find((d) => moduleMatcher([d.module])(origin.module) && d.calls.some((c) => pathMatches(origin.path, c)));
}

/**
 * `server.tool('list_apps', 'List apps', shape, async (options) => …)` where `server` is a parameter with
 * no type (compiled JavaScript of a `registerListAppsTool(server)` module): no import says what it is, so
 * a definition marked `byShape` is known by its method, a name first (a string or a constant) and a
 * handler last.
 */
function registrationByShape(call: ts.CallExpression | ts.NewExpression, name: string, facts: FileFacts, definitions: readonly ToolDefinition[]): ToolDefinition | undefined {
  if (!ts.isCallExpression(call) || registrationOnUntypedParameter(call, facts) === undefined) return undefined;
  return definitions.find((d) => d.byShape === true && d.calls.includes(name));
}

/**
 * `server.tool('x', …, async (args) => …)`, `server.resource('docs', uri, async () => …)` on a receiver
 * that is a parameter with no type: the method's name, when the call names what it registers first (a
 * string or a constant) and hands over its handler last.
 */
export function registrationOnUntypedParameter(call: ts.CallExpression, facts: FileFacts): string | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return undefined;
  const receiver = facts.resolve(callee.expression.text, callee.expression);
  if (receiver?.kind !== 'parameter' || !ts.isParameter(receiver.node) || receiver.node.type !== undefined) return undefined;
  const [first] = call.arguments;
  const last = call.arguments[call.arguments.length - 1];
  const named = first !== undefined && (ts.isStringLiteralLike(unwrap(first)) || ts.isIdentifier(unwrap(first)));
  return call.arguments.length >= 2 && named && last !== undefined && isFunctionLike(unwrap(last)) ? callee.name.text : undefined;
}

const aliasesByFile = new WeakMap<ts.SourceFile, Map<string, string>>();

/** `import { tool as agentTool }` → agentTool: tool, for the file's top-level imports. */
function importAliases(file: ts.SourceFile): Map<string, string> {
  let aliases = aliasesByFile.get(file);
  if (aliases) return aliases;
  aliases = new Map();
  for (const statement of file.statements) {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const spec of bindings.elements) {
      const imported = spec.propertyName && staticName(spec.propertyName);
      if (imported && imported !== 'default') aliases.set(spec.name.text, imported);
    }
  }
  aliasesByFile.set(file, aliases);
  return aliases;
}

/** The exported name behind an aliased import: `tool` of `import { tool as agentTool }` (the origin check that follows is scope-exact). */
function importedName(callee: ts.Expression, facts: FileFacts): string | undefined {
  const node = unwrap(callee);
  return ts.isIdentifier(node) ? importAliases(facts.sourceFile).get(node.text) : undefined;
}

/** The class a `X.prototype` expression names, when X is declared in this file. */
function classNamed(expr: ts.Expression | undefined, facts: FileFacts): ts.ClassLikeDeclaration | undefined {
  const node = expr && unwrap(expr);
  if (!node || !ts.isPropertyAccessExpression(node) || node.name.text !== 'prototype' || !ts.isIdentifier(node.expression)) return undefined;
  const decl = facts.resolve(node.expression.text, node.expression);
  const target = decl?.node;
  if (target && ts.isClassDeclaration(target)) return target;
  if (target && ts.isVariableDeclaration(target) && target.initializer && ts.isClassExpression(unwrap(target.initializer))) return unwrap(target.initializer) as ts.ClassExpression;
  return undefined;
}

/**
 * The method a decorator call sits on: `@CreateAction({…}) async transfer(…)` in source, or the compiled
 * `__decorate([CreateAction({…})], Provider.prototype, "transfer", null)`.
 */
function decoratedMethod(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): FunctionLike | undefined {
  const parent = call.parent;
  if (parent && ts.isDecorator(parent)) return parent.parent && ts.isMethodDeclaration(parent.parent) ? parent.parent : undefined;
  const list = parent && ts.isArrayLiteralExpression(parent) ? parent : undefined;
  const decorate = list?.parent;
  if (!list || !decorate || !ts.isCallExpression(decorate) || decorate.arguments[0] !== list) return undefined;
  const methodName = decorate.arguments[2] && ts.isStringLiteralLike(decorate.arguments[2]) ? decorate.arguments[2].text : undefined;
  const owner = classNamed(decorate.arguments[1], facts);
  const method = owner?.members.find((m) => ts.isMethodDeclaration(m) && staticName(m.name) === methodName);
  return method && ts.isMethodDeclaration(method) ? method : undefined;
}

const decoratedByFile = new WeakMap<ts.SourceFile, Map<FunctionLike, ts.CallExpression>>();

/** Methods made into tools by a catalog decorator (`decorator: true`), with the decorator call. */
function decoratedToolMethods(facts: FileFacts): Map<FunctionLike, ts.CallExpression> {
  let found = decoratedByFile.get(facts.sourceFile);
  if (found) return found;
  found = new Map();
  if (facts.classifier.agents.toolDefinitions.some((d) => d.decorator)) {
    for (const call of facts.index.calls) {
      if (!toolDefinitionOf(call, facts)?.decorator) continue;
      const method = decoratedMethod(call, facts);
      if (method) found.set(method, call);
    }
  }
  decoratedByFile.set(facts.sourceFile, found);
  return found;
}

/**
 * The parameter of a decorated tool method that holds the model's arguments: the last one
 * (AgentKit actions take the wallet first, the arguments last; single-parameter methods take them first).
 */
export function decoratedToolInput(fn: FunctionLike, facts: FileFacts): ts.ParameterDeclaration | undefined {
  return decoratedToolMethods(facts).has(fn) ? fn.parameters[fn.parameters.length - 1] : undefined;
}

/** Is `fn` a tool method of a subclass of a catalog tool base class (`_call` of `extends StructuredTool`)? */
export function isToolClassMethod(fn: FunctionLike, facts: FileFacts): boolean {
  return toolClassOf(fn, facts) !== undefined;
}

type ToolBaseClass = FileFacts['classifier']['agents']['toolBaseClasses'][number];

/** The catalog's tool base classes a class extends directly (`class Lookup extends StructuredTool`), of those with the given tool method. */
export function toolBaseClassesOf(cls: ts.ClassLikeDeclaration, facts: FileFacts, method?: string): ToolBaseClass[] {
  const entries = facts.classifier.agents.toolBaseClasses.filter((e) => method === undefined || e.methods.includes(method));
  return extendedCatalogClasses(cls, entries, facts);
}

/** The catalog's tool base class whose tool method `fn` implements. */
export function toolBaseClassOf(fn: FunctionLike, facts: FileFacts): ToolBaseClass | undefined {
  const owner = fn.parent;
  if (!ts.isMethodDeclaration(fn) || !owner || !ts.isClassLike(owner)) return undefined;
  const method = staticName(fn.name);
  return method ? toolBaseClassesOf(owner, facts, method)[0] : undefined;
}

/** The framework (catalog id) whose tool base class `fn` implements the tool method of. */
function toolClassOf(fn: FunctionLike, facts: FileFacts): string | undefined {
  return toolBaseClassOf(fn, facts)?.id;
}

/**
 * The framework (catalog id) that runs `fn` as a tool: the tool method of a tool class, or the
 * handler given to a tool definition (`tool(async (input) => …, {…})`, `tool({ execute })`).
 */
export function toolFrameworkOf(fn: FunctionLike, facts: FileFacts): string | undefined {
  const byClass = toolClassOf(fn, facts);
  if (byClass) return byClass;
  const call = toolDefinitionCallOf(fn, facts);
  return call ? toolDefinitionOf(call, facts)?.id : undefined;
}

/**
 * The function the model's arguments reach: a function argument, an execute/func/handler option, or a
 * function of the file named as an argument (`server.tool('run', 'Run a command', schema, handleRun)`).
 */
export function toolHandler(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): FunctionLike | undefined {
  if (toolDefinitionOf(call, facts)?.decorator) return decoratedMethod(call, facts);
  for (const arg of call.arguments ?? []) {
    const node = unwrap(arg);
    if (isFunctionLike(node)) return node;
  }
  for (const key of HANDLER_KEYS) {
    const value = argumentProperty(call, key);
    if (!value) continue;
    const node = unwrap(value);
    if (isFunctionLike(node)) return node;
    const local = facts.localFunction(node);
    if (local) return local;
  }
  for (const arg of [...(call.arguments ?? [])].reverse()) {
    const node = unwrap(arg);
    const local = ts.isIdentifier(node) ? facts.localFunction(node) : undefined;
    if (local) return local;
  }
  return undefined;
}

/** The name a function is declared under: `function handleRun`, `const handleRun = async () => …`. */
function declaredName(fn: FunctionLike): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name;
  let at: ts.Node = fn;
  while (ts.isParenthesizedExpression(at.parent) || ts.isAsExpression(at.parent)) at = at.parent;
  return ts.isVariableDeclaration(at.parent) && ts.isIdentifier(at.parent.name) ? at.parent.name : undefined;
}

/**
 * The tool definition that runs `fn` as its handler: the call it is written in (`tool({ execute: async
 * (input) => … })`), or one it is named in (`tool({ execute: readNote })`, `server.tool('delete', schema,
 * handleDelete)`).
 */
export const toolDefinitionCallOf: (fn: FunctionLike, facts: FileFacts) => ts.CallExpression | ts.NewExpression | undefined = memoPerNode(definitionCallOf);

function definitionCallOf(fn: FunctionLike, facts: FileFacts): ts.CallExpression | ts.NewExpression | undefined {
  const handedTo = (call: ts.CallExpression | ts.NewExpression | undefined) => !!call && toolDefinitionOf(call, facts) !== undefined && toolHandler(call, facts) === fn;
  const inPlace = receivingCall(fn);
  if (inPlace) return handedTo(inPlace) ? inPlace : undefined;
  const name = declaredName(fn);
  const decl = name && facts.resolve(name.text, name);
  if (!decl) return undefined;
  for (const reference of facts.references(decl)) {
    const call = receivingCall(reference);
    if (handedTo(call)) return call;
  }
  return undefined;
}

/** The tool's name: a `name` option, a leading string argument, or the key it is assigned to. */
export function toolName(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): string | null {
  const named = stringValue(argumentProperty(call, 'name'), facts) ?? stringValue(call.arguments?.[0], facts);
  if (named) return named;
  // AI SDK style: tools: { getWeather: tool({...}) }
  const parent = call.parent;
  return parent && ts.isPropertyAssignment(parent) ? (staticName(parent.name) ?? null) : null;
}

function hasSchema(call: ts.CallExpression | ts.NewExpression, definition: ToolDefinition): boolean {
  if (definition.schemaKeys.some((key) => argumentProperty(call, key) !== undefined)) return true;
  if (!definition.positionalSchema) return false;
  // MCP: tool(name, [description], paramsSchema, handler): something that is not a string before the handler.
  const args = [...(call.arguments ?? [])].map((a) => unwrap(a));
  const handlerIndex = args.findIndex(isFunctionLike);
  return args.slice(1, handlerIndex < 0 ? args.length : handlerIndex).some((a) => !ts.isStringLiteralLike(a));
}

/** A tool registered for model use: the definition call, its catalog entry, name and handler. */
export interface DefinedTool {
  readonly call: ts.CallExpression | ts.NewExpression;
  readonly definition: ToolDefinition;
  readonly name: string | null;
  readonly handler: FunctionLike | undefined;
}

/** The tool's name, or the variable it is assigned to (`export const deleteCustomer = tool({...})`). */
export function toolDisplayName(tool: DefinedTool): string | null {
  if (tool.name) return tool.name;
  const parent = tool.call.parent;
  return parent && ts.isVariableDeclaration(parent) ? (staticName(parent.name) ?? null) : null;
}

/** Every tool definition in the file (`tool({...})`, `server.tool(...)`, `new DynamicStructuredTool(...)`). */
export function* definedTools(facts: FileFacts): Generator<DefinedTool> {
  for (const call of [...facts.index.calls, ...facts.index.newExpressions]) {
    const definition = toolDefinitionOf(call, facts);
    if (definition) yield { call, definition, name: toolName(call, facts), handler: toolHandler(call, facts) };
  }
}

/** A tool written as a class (`class Cleanup extends StructuredTool { name = 'cleanup'; async _call(input) {…} }`). */
export interface ToolClass {
  readonly node: ts.ClassLikeDeclaration;
  readonly base: ToolBaseClass;
  /** The tool method the framework calls with the model's arguments (`_call`, `execute`). */
  readonly handler: FunctionLike;
  /** The `name` it tells the model, else the class's own name. */
  readonly name: string | null;
}

/** A non-static property of the class with a value: `name = 'cleanup'`, `schema = z.object(…)`. */
function instanceProperty(cls: ts.ClassLikeDeclaration, key: string): ts.Expression | undefined {
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && member.initializer && staticName(member.name) === key && !ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return member.initializer;
  }
  return undefined;
}

function toolClassName(cls: ts.ClassLikeDeclaration): string | null {
  const told = instanceProperty(cls, 'name');
  if (told && ts.isStringLiteralLike(unwrap(told))) return (unwrap(told) as ts.StringLiteralLike).text;
  if (cls.name) return cls.name.text;
  const holder = cls.parent;
  return holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name.text : null;
}

/** Every tool class of the file: a class extending a catalog tool base class and implementing its tool method. */
export function* toolClasses(facts: FileFacts): Generator<ToolClass> {
  for (const fn of facts.index.functions) {
    const base = toolBaseClassOf(fn, facts);
    const cls = fn.parent;
    if (base && cls && ts.isClassLike(cls)) yield { node: cls, base, handler: fn, name: toolClassName(cls) };
  }
}

export function collectTools(facts: FileFacts): InventoryTool[] {
  const tools: InventoryTool[] = [];
  for (const call of [...facts.index.calls, ...facts.index.newExpressions]) {
    const definition = toolDefinitionOf(call, facts);
    if (!definition) continue;
    const name = toolName(call, facts);
    const handler = toolHandler(call, facts);
    tools.push({ file: facts.path, line: lineOf(call, facts), name, framework: definition.id, schemaValidated: hasSchema(call, definition), destructive: isDestructiveTool(name, handler, facts) });
  }
  // A class's schema is its `schema` property; a plain `Tool` takes one string.
  for (const tool of toolClasses(facts)) {
    tools.push({ file: facts.path, line: lineOf(tool.node, facts), name: tool.name, framework: tool.base.id, schemaValidated: instanceProperty(tool.node, 'schema') !== undefined, destructive: isDestructiveTool(tool.name, tool.handler, facts) });
  }
  return tools.sort((a, b) => a.line - b.line);
}
