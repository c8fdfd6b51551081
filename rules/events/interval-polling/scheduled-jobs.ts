import type { ArgumentRef, SchedulerCallback, SchedulerEntry } from '../../../src/catalog/types.js';
import { isFunctionLike, objectProperty, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import { moduleMatcher, pathMatches } from '../../../src/catalog/matcher.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { constString, resolveSchedule, type ResolvedSchedule } from './schedule-formats.js';

/** A callback a job scheduler runs on a schedule: `cron.schedule('*∕5 * * * *', fn)`, `@Cron(…)`. */
export interface ScheduledJob {
  readonly node: ts.CallExpression | ts.NewExpression;
  readonly scheduler: SchedulerEntry;
  /** The module the scheduler was imported from, as the source names it. */
  readonly module: string;
  readonly tick: FunctionLike;
  /** Undefined when the schedule is not statically known (a variable, a Date, an unsupported form). */
  readonly schedule: ResolvedSchedule | undefined;
}

type Invocation = ts.CallExpression | ts.NewExpression;

/** The argument a catalog reference points at; a method shorthand (`onTick() {}`) is its own function. */
function argumentAt(call: Invocation, ref: ArgumentRef): ts.Expression | ts.MethodDeclaration | undefined {
  const args = call.arguments ?? [];
  const arg = args[ref.argument < 0 ? args.length + ref.argument : ref.argument];
  if (!arg || ref.property === undefined) return arg;
  const options = unwrap(arg);
  const property = ts.isObjectLiteralExpression(options) ? objectProperty(options, ref.property) : undefined;
  if (!property) return undefined;
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return ts.isMethodDeclaration(property) ? property : undefined;
}

function asFunction(expr: ts.Expression | ts.MethodDeclaration | undefined, facts: FileFacts): FunctionLike | undefined {
  if (!expr) return undefined;
  if (ts.isMethodDeclaration(expr)) return expr;
  const node = unwrap(expr);
  return isFunctionLike(node) ? node : facts.localFunction(node);
}

/** An identifier's const initializer, or the expression itself. */
function valueOf(expr: ts.Expression, facts: FileFacts): ts.Expression {
  const node = unwrap(expr);
  if (!ts.isIdentifier(node)) return node;
  const decl = facts.resolve(node.text, node);
  return decl?.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : node;
}

function isModuleCall(node: ts.Node, scheduler: SchedulerEntry, calls: readonly string[], facts: FileFacts): node is Invocation {
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return false;
  const origin = facts.originOf(node.expression);
  return origin !== undefined && moduleMatcher(scheduler.modules)(origin.module) && calls.some((call) => pathMatches(origin.path, call));
}

/** `agenda.define('name', fn)` in this file for the job name `every` was given. */
function definedJob(name: string, scheduler: SchedulerEntry, calls: readonly string[], facts: FileFacts): FunctionLike | undefined {
  for (const call of facts.index.calls) {
    if (!isModuleCall(call, scheduler, calls, facts)) continue;
    const [first, ...rest] = call.arguments;
    if (!first || constString(first, facts) !== name) continue;
    for (const arg of rest) {
      const fn = asFunction(arg, facts);
      if (fn) return fn;
    }
  }
  return undefined;
}

function callbackOf(call: Invocation, ref: SchedulerCallback | undefined, scheduler: SchedulerEntry, facts: FileFacts): FunctionLike | undefined {
  if (!ref) {
    // A decorator: `@Cron('…') method() {}`.
    const decorator = call.parent;
    return decorator && ts.isDecorator(decorator) && decorator.parent && isFunctionLike(decorator.parent) ? decorator.parent : undefined;
  }
  const arg = argumentAt(call, ref);
  if (!arg || ts.isMethodDeclaration(arg)) return asFunction(arg, facts);
  if (ref.task) {
    const task = valueOf(arg, facts);
    return isModuleCall(task, scheduler, ref.task.calls, facts) ? asFunction(argumentAt(task, { argument: ref.task.argument }), facts) : undefined;
  }
  if (ref.definedBy) {
    const name = constString(arg, facts);
    return name === undefined ? undefined : definedJob(name, scheduler, ref.definedBy.calls, facts);
  }
  return asFunction(arg, facts);
}

/** Scheduler calls in a file whose callback is known; the schedule may be unknown. */
export function scheduledJobs(facts: FileFacts): ScheduledJob[] {
  if (![...facts.importedModules].some((module) => facts.classifier.isSchedulerModule(module))) return [];
  const jobs: ScheduledJob[] = [];
  for (const node of [...facts.index.calls, ...facts.index.newExpressions]) {
    const origin = facts.originOf(node.expression);
    const scheduler = origin && facts.classifier.schedulerFor(origin);
    if (!scheduler) continue;
    const tick = callbackOf(node, scheduler.callback, scheduler, facts);
    if (!tick) continue;
    const scheduleArg = argumentAt(node, scheduler.schedule);
    const schedule = scheduleArg && !ts.isMethodDeclaration(scheduleArg) ? resolveSchedule(scheduleArg, scheduler.schedule.formats, facts, scheduler.namedSchedules) : undefined;
    jobs.push({ node, scheduler, module: origin.module, tick, schedule });
  }
  return jobs.sort((a, b) => a.node.pos - b.node.pos);
}
