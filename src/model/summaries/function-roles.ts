import { calleeLastName, isFunctionLike, ts, unwrap, type FunctionLike } from '../ast.js';
import type { FileFacts } from '../file-facts.js';
import { moduleMatcher } from '../../catalog/matcher.js';
import { hasExportModifier } from '../syntax.js';
import { exportedFunctions } from '../cross-file-helpers.js';
import { decoratedToolInput, definedTools, toolBaseClassOf, toolHandler } from '../../domain/tools/tool-definitions.js';
import { toolRequestHandlersIn } from '../../domain/tools/request-handlers.js';
import { httpHandlerFunctions } from '../../domain/routes/handler-functions.js';
import type { CalleeRef } from './function-facts.js';
import { thisOnlyMethods } from './this-only-methods.js';
import { baseClassesInFile } from './class-bases.js';
import { packageOfSpecifier } from '../../project/package-name.js';

export interface FunctionRoles {
  /** Tool implementations and scheduled jobs: run on the agent's behalf, whoever calls them. */
  readonly entries: ReadonlyMap<FunctionLike, 'tool' | 'job'>;
  /** Of the tools, those whose framework answers the model with what they throw (catalog errorsAnswerModel). */
  readonly errorsAnswered: ReadonlyMap<FunctionLike, ErrorsAnswered>;
  /** Keys of functions that may be called from where the call graph cannot see. */
  readonly open: ReadonlySet<string>;
  /** Per owner key: the project functions it hands on as values. */
  readonly refs: ReadonlyMap<string, CalleeRef[]>;
  /** Imported names the file holds as values at module level (see valueReads). */
  readonly heldImports: readonly CalleeRef[];
  /** Open methods this file only calls as `this.method()` in their own class (this-only-methods.ts). */
  readonly thisOnly: ReadonlySet<string>;
  /** HTTP route handlers: where a request starts. */
  readonly routes: ReadonlySet<FunctionLike>;
  /** Of the this-only methods, those private in practice in a published library too: of classes this file keeps to itself (internalClassMethods), or named as internal. */
  readonly internal: ReadonlySet<string>;
}

const constructedOrExtended = (read: ts.Expression): boolean => (ts.isNewExpression(read.parent) && read.parent.expression === read) || (ts.isExpressionWithTypeArguments(read.parent) && ts.isHeritageClause(read.parent.parent));

/** The const a value initialises (`const ToolClass = classes[action]`), if it is one. */
function initialisedConst(value: ts.Expression, facts: FileFacts): ReturnType<FileFacts['resolve']> {
  const holder = value.parent;
  if (!ts.isVariableDeclaration(holder) || holder.initializer !== value || !ts.isIdentifier(holder.name)) return undefined;
  const decl = facts.resolve(holder.name.text, holder.name);
  return decl?.isConst ? decl : undefined;
}

/**
 * `const toolClasses = { getValues: GetValuesTool, … }` in the file, every read of which picks a class
 * that is only constructed or tested (`const ToolClass = toolClasses[action]; if (ToolClass) new ToolClass(args)`):
 * a registry the file builds its own instances from, not a way out for the class.
 */
function registeredForConstruction(read: ts.Identifier, facts: FileFacts): boolean {
  const slot = read.parent;
  if (!ts.isPropertyAssignment(slot) || slot.initializer !== read || !ts.isObjectLiteralExpression(slot.parent)) return false;
  const registry = initialisedConst(slot.parent, facts);
  if (!registry || hasExportModifier(registry.node.parent.parent)) return false;
  return facts.references(registry).every((ref) => {
    if (ref === registry.node || (ts.isVariableDeclaration(registry.node) && ref === registry.node.name) || ts.isTypeQueryNode(ref.parent)) return true;
    const picked = ref.parent;
    if (!ts.isElementAccessExpression(picked) || picked.expression !== ref) return false;
    if (constructedOrExtended(picked)) return true;
    const chosen = initialisedConst(picked, facts);
    return !!chosen && facts.references(chosen).every((use) => (ts.isVariableDeclaration(chosen.node) && use === chosen.node.name) || constructedOrExtended(use) || isTested(use));
  });
}

/** `if (ToolClass)`, `ToolClass && …`, `!ToolClass`: only asked whether it is there. */
function isTested(use: ts.Identifier): boolean {
  const parent = use.parent;
  return (ts.isIfStatement(parent) && parent.expression === use) || (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) || (ts.isBinaryExpression(parent) && parent.left === use && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken);
}

/**
 * Keys of methods whose class the file keeps to itself: its name and the names of its subclasses are only
 * constructed (`new Name(…)`) or extended here, or kept in a registry the file builds instances from. Code outside holds its instances only as what the file
 * hands out (`createGmailTools(): DynamicStructuredTool[]`), never as this class.
 */
function internalClassMethods(facts: FileFacts, functions: ReadonlyMap<string, FunctionLike>, exported: ReadonlySet<string>): Set<string> {
  const classes = facts.sourceFile.statements.filter((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && !!s.name);
  // Its name goes somewhere other than `new Name(…)` or another class's `extends Name`: exported, returned, stored.
  const escapes = (cls: ts.ClassDeclaration): boolean => {
    const name = cls.name?.text ?? '';
    if (hasExportModifier(cls) || exported.has(name)) return true;
    return (facts.index.reads.get(name) ?? []).some((read) => !constructedOrExtended(read) && !registeredForConstruction(read, facts));
  };
  const reachable = new Set<ts.ClassLikeDeclaration>();
  for (const cls of classes) if (escapes(cls)) for (const shared of [cls, ...baseClassesInFile(cls)]) reachable.add(shared);
  const internal = new Set<string>();
  for (const [key, fn] of functions) {
    const cls = fn.parent;
    if (key.includes('.') && ts.isClassDeclaration(cls) && cls.parent === facts.sourceFile && !reachable.has(cls)) internal.add(key);
  }
  return internal;
}

/** The function a callback argument or option names: inline, or a local function by name. */
function callbackArguments(call: ts.CallExpression, facts: FileFacts): FunctionLike[] {
  return call.arguments.flatMap((arg) => {
    const node = unwrap(arg);
    if (isFunctionLike(node)) return [node];
    const local = facts.localFunction(node);
    return local ? [local] : [];
  });
}

/** The framework hands a thrown error to the model as the tool's result: from `sinceMajor` of each of `packages` on, if given. */
export interface ErrorsAnswered {
  readonly packages?: readonly string[];
  readonly sinceMajor?: number;
}

const TOOL_REGISTRATIONS = new Set(['tool', 'registerTool', 'addTool']);

/** `importsScheduler`: a call's origin is one of the file's imported modules, so without a scheduler among them only setInterval schedules. */
function isScheduling(call: ts.CallExpression, facts: FileFacts, importsScheduler: boolean): boolean {
  if (calleeLastName(call.expression) === 'setInterval') return true;
  if (!importsScheduler) return false;
  const origin = facts.originOf(call.expression);
  return !!origin && origin.module !== 'globalThis' && facts.classifier.schedulerFor(origin) !== undefined;
}

/**
 * A registration on an untraced server (`server.addTool` in `registerTools(server)`) is the API of the
 * tool framework the file imports under that method name; when every such framework answers the model
 * with what a tool throws (FastMCP, the MCP SDK), so does this one.
 */
function importedFrameworkAnswering(method: string, facts: FileFacts): ErrorsAnswered | undefined {
  const frameworks = facts.classifier.agents.toolDefinitions.filter((d) => d.calls.includes(method) && [...facts.importedModules].some((module) => moduleMatcher([d.module])(module)));
  if (frameworks.length === 0 || !frameworks.every((d) => d.errorsAnswerModel && d.errorsAnswerModel.sinceMajor === undefined)) return undefined;
  return {};
}

/** Tools and jobs, and of the tools those whose framework catches what they throw and answers the model with it. */
function entryFunctions(facts: FileFacts): Pick<FunctionRoles, 'entries' | 'errorsAnswered'> {
  const entries = new Map<FunctionLike, 'tool' | 'job'>();
  const errorsAnswered = new Map<FunctionLike, ErrorsAnswered>();
  const importsScheduler = [...facts.importedModules].some((module) => facts.classifier.isSchedulerModule(module));
  for (const call of facts.index.calls) if (isScheduling(call, facts, importsScheduler)) for (const fn of callbackArguments(call, facts)) entries.set(fn, 'job');
  const noteAnswering = (handler: FunctionLike, definition: { readonly module: string; readonly errorsAnswerModel?: { readonly sinceMajor?: number; readonly packages?: readonly string[] } }): void => {
    const answers = definition.errorsAnswerModel;
    if (answers) errorsAnswered.set(handler, answers.sinceMajor === undefined ? {} : { packages: answers.packages ?? [packageOfSpecifier(definition.module)], sinceMajor: answers.sinceMajor });
  };
  for (const { definition, handler } of definedTools(facts)) {
    if (!handler) continue;
    entries.set(handler, 'tool');
    noteAnswering(handler, definition);
  }
  // `server.registerTool(name, spec, handler)` on a server the catalog cannot trace (built by a factory, a
  // conditional): the method names are the tool-registration APIs of the agent and MCP frameworks.
  for (const call of facts.index.calls) {
    const method = calleeLastName(call.expression) ?? '';
    if (!TOOL_REGISTRATIONS.has(method) || !ts.isPropertyAccessExpression(unwrap(call.expression))) continue;
    const handler = toolHandler(call, facts);
    if (!handler || entries.has(handler)) continue;
    entries.set(handler, 'tool');
    const answers = importedFrameworkAnswering(method, facts);
    if (answers) errorsAnswered.set(handler, answers);
  }
  for (const handler of toolRequestHandlersIn(facts)) entries.set(handler.handler, 'tool');
  for (const fn of facts.index.functions) {
    const toolClass = toolBaseClassOf(fn, facts);
    if (toolClass) noteAnswering(fn, toolClass);
    if (toolClass || decoratedToolInput(fn, facts)) entries.set(fn, 'tool');
  }
  return { entries, errorsAnswered };
}

/** Names a module exports by `export { a, b as c }` or `export default a`. */
function exportedNames(facts: FileFacts): Set<string> {
  const names = new Set(exportedFunctions(facts).map((f) => f.name));
  for (const statement of facts.sourceFile.statements) {
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.add((element.propertyName ?? element.name).text);
    }
    if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) names.add(statement.expression.text);
    if (ts.isFunctionDeclaration(statement) && statement.name && hasExportModifier(statement)) names.add(statement.name.text);
  }
  return names;
}

/**
 * `_fetchPage`: a leading underscore marks a member as internal, which is how compiled code still says
 * `private` once TypeScript has erased the modifier: no part of a library's public API. Asked only of
 * methods the file calls through `this` alone (a framework hook like `_call` is called by its base class).
 */
const isConventionallyInternal = (key: string): boolean => key.slice(key.lastIndexOf('.') + 1).startsWith('_');

/** `private load()` or `#load()`: only its own class calls it, through `this`, which the graph follows. */
function isPrivateMember(fn: FunctionLike): boolean {
  if (!ts.isClassLike(fn.parent)) return false;
  if (fn.name && ts.isPrivateIdentifier(fn.name)) return true;
  return ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword) ?? false;
}

const isCallee = (id: ts.Identifier): boolean => {
  const parent = id.parent;
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === id;
};

/**
 * What the call graph needs beyond calls to decide whether a function runs on an agent's behalf:
 * which functions are tools or scheduled jobs, which may be called from unseen code (methods, exports,
 * functions stored at module level), and which functions hand others on as values.
 */
export function functionRoles(facts: FileFacts, imports: ReadonlySet<string>, functions: ReadonlyMap<string, FunctionLike>, ownerOf: (node: ts.Node) => string | undefined): FunctionRoles {
  const routes = new Set(httpHandlerFunctions(facts));
  const keys = new Set(functions.keys());
  const open = new Set<string>([...functions].filter(([key, fn]) => key.includes('.') && !isPrivateMember(fn)).map(([key]) => key));
  const exported = exportedNames(facts);
  for (const name of exported) if (keys.has(name)) open.add(name);
  const { refs, storedLocals, heldImports } = valueReads(facts, keys, imports, ownerOf);
  for (const name of storedLocals) open.add(name);
  // A framework route is where a request starts: nothing else calls it.
  for (const fn of routes) {
    const name = ts.isFunctionDeclaration(fn) ? fn.name?.text : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
    if (name) open.delete(name);
  }
  const methods = new Map([...functions].filter(([key]) => key.includes('.') && open.has(key)));
  const thisOnly = thisOnlyMethods(facts.sourceFile, methods);
  // Only a this-only method is asked whether it is internal: most files have none.
  const internal = thisOnly.size > 0 ? internalClassMethods(facts, functions, exported) : new Set<string>();
  for (const key of thisOnly) if (isConventionallyInternal(key)) internal.add(key);
  return { ...entryFunctions(facts), open, refs, thisOnly, routes, internal, heldImports };
}

/**
 * The file's functions and imported names read other than as a callee: by the named function the read
 * sits in (`refs`: it hands them on), or at module level, where a local function is stored as a value
 * (`storedLocals`) and an imported one held as one (`heldImports`: `const handlers = { get_weather:
 * getWeather }`, `new Worker('sync', syncFeeds)`), whoever holds the value may call it from anywhere.
 */
export function valueReads(facts: FileFacts, keys: ReadonlySet<string>, imports: ReadonlySet<string>, ownerOf: (node: ts.Node) => string | undefined): { refs: Map<string, CalleeRef[]>; storedLocals: Set<string>; heldImports: CalleeRef[] } {
  const refs = new Map<string, CalleeRef[]>();
  const storedLocals = new Set<string>();
  const heldImports: CalleeRef[] = [];
  for (const name of [...keys, ...imports]) {
    if (name.includes('.') || name.startsWith('<')) continue;
    const local = keys.has(name);
    let held = false;
    for (const read of facts.index.reads.get(name) ?? []) {
      if (isCallee(read)) continue;
      const owner = ownerOf(read);
      if (!owner) {
        if (local) storedLocals.add(name);
        else held = true;
        continue;
      }
      const list = refs.get(owner) ?? [];
      list.push(local ? { kind: 'local', key: name } : { kind: 'import', local: name });
      refs.set(owner, list);
    }
    if (held) heldImports.push({ kind: 'import', local: name });
  }
  return { refs, storedLocals, heldImports };
}
