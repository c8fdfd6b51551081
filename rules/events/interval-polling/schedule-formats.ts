import type { ScheduleFormat } from '../../../src/catalog/types.js';
import { isStringLike, objectProperty, staticName, ts, unwrap } from '../../../src/model/ast.js';
import { evaluateNumber } from '../../../src/model/constant-evaluation.js';
import { cronInterval } from './cron.js';
import type { FileFacts } from '../../../src/model/file-facts.js';

/** A schedule as written, and how often it runs when that is known. */
export interface ResolvedSchedule {
  /** The schedule as the source spells it: `'*∕5 * * * *'`, `{ minutes: 5 }`, `'5 minutes'`. */
  readonly written: string;
  /** The shortest time between runs. */
  readonly intervalMs: number;
  /** Runs at a steady rate; otherwise intervalMs is only the shortest gap and no rate is derived. */
  readonly regular: boolean;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};
const WORD_NUMBERS: Readonly<Record<string, number>> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, ten: 10, fifteen: 15, twenty: 20, thirty: 30 };

/** `'5 minutes'`, `'one hour'`, `'1 hour and 30 minutes'`, `'5m'` (agenda's human-interval, bree's ms-style). */
export function humanIntervalMs(text: string): number | undefined {
  const body = text.trim().toLowerCase().replace(/^every\s+/, '');
  if (!body) return undefined;
  let total = 0;
  for (const part of body.split(/\s*(?:,|\band\b)\s*/)) {
    const match = /^(\d+(?:\.\d+)?|[a-z]+)\s*([a-z]+)$/.exec(part);
    if (!match) return undefined;
    const amount = /^\d/.test(match[1] ?? '') ? Number(match[1]) : WORD_NUMBERS[match[1] ?? ''];
    const unit = UNIT_MS[match[2] ?? ''];
    if (amount === undefined || unit === undefined) return undefined;
    total += amount * unit;
  }
  return total > 0 ? total : undefined;
}

/** A string the source fixes: a literal or a const initialised with one. */
export function constString(expr: ts.Expression, facts: FileFacts, depth = 0): string | undefined {
  const node = unwrap(expr);
  if (isStringLike(node)) return node.text;
  if (!ts.isIdentifier(node) || depth > 4) return undefined;
  const decl = facts.resolve(node.text, node);
  return decl?.isConst && decl.init && decl.init.path.length === 0 ? constString(decl.init.expression, facts, depth + 1) : undefined;
}

function fromCron(text: string, written = `'${text}'`): ResolvedSchedule | undefined {
  const interval = cronInterval(text);
  return interval && { written, intervalMs: interval.shortestMs, regular: interval.regular };
}

const DURATION_KEYS: Readonly<Record<string, number>> = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, milliseconds: 1 };

/** toad-scheduler's `{ minutes: 5 }`. */
function fromDurationObject(node: ts.Expression, facts: FileFacts): ResolvedSchedule | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  let total = 0;
  for (const property of node.properties) {
    const unit = DURATION_KEYS[staticName(property.name) ?? ''];
    if (unit === undefined) continue;
    const value = ts.isPropertyAssignment(property) ? evaluateNumber(property.initializer, facts) : undefined;
    if (value === undefined) return undefined;
    total += value * unit;
  }
  return total > 0 ? { written: node.getText(), intervalMs: total, regular: true } : undefined;
}

// node-schedule's RecurrenceRule fields in cron order; months count from 0 there.
const RULE_FIELDS = ['second', 'minute', 'hour', 'date', 'month', 'dayOfWeek'] as const;

function ruleFieldText(value: ts.Expression | undefined, field: string, facts: FileFacts): string | undefined {
  if (!value) return field === 'second' ? '0' : '*';
  const node = unwrap(value);
  if (node.kind === ts.SyntaxKind.NullKeyword) return '*';
  const items = ts.isArrayLiteralExpression(node) ? [...node.elements] : [node];
  const numbers = items.map((item) => evaluateNumber(item, facts));
  if (numbers.length === 0 || numbers.some((n) => n === undefined || !Number.isInteger(n))) return undefined;
  return (numbers as number[]).map((n) => (field === 'month' ? n + 1 : n)).join(',');
}

const RULE_OPTIONS = new Set(['tz', 'start', 'end']);

/**
 * A node-schedule spec from its fields. A `year` pins it to dates; a key we do not know, or no field
 * at all (which node-schedule runs every minute), is not read as a schedule.
 */
function fromRuleFields(fields: ReadonlyMap<string, ts.Expression>, facts: FileFacts, written: string): ResolvedSchedule | undefined {
  const keys = [...fields.keys()];
  if (!keys.some((key) => (RULE_FIELDS as readonly string[]).includes(key))) return undefined;
  if (keys.some((key) => !(RULE_FIELDS as readonly string[]).includes(key) && !RULE_OPTIONS.has(key))) return undefined;
  const parts = RULE_FIELDS.map((field) => ruleFieldText(fields.get(field), field, facts));
  if (parts.some((part) => part === undefined)) return undefined;
  return fromCron(parts.join(' '), written);
}

/**
 * `rule.minute = 5` assignments to a `new RecurrenceRule()` made with no arguments. Any other use of
 * the rule (passed to a helper, Object.assign) could set fields we cannot see: then it is unknown.
 */
function recurrenceRuleAssignments(id: ts.Identifier, facts: FileFacts): Map<string, ts.Expression> | undefined {
  const decl = facts.resolve(id.text, id);
  const init = decl?.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
  if (!decl || !init || !ts.isNewExpression(init) || (init.arguments?.length ?? 0) > 0) return undefined;
  if (facts.originOf(init.expression)?.path.at(-1) !== 'RecurrenceRule') return undefined;
  const fields = new Map<string, ts.Expression>();
  for (const ref of facts.references(decl)) {
    if (ref === id) continue;
    const access = ref.parent;
    const assignment = access?.parent;
    const assigns = access && ts.isPropertyAccessExpression(access) && access.expression === ref && assignment && ts.isBinaryExpression(assignment) && assignment.left === access && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    if (!assigns) return undefined;
    fields.set(access.name.text, assignment.right);
  }
  return fields;
}

function fromRecurrenceRule(node: ts.Expression, facts: FileFacts): ResolvedSchedule | undefined {
  if (ts.isIdentifier(node)) {
    const fields = recurrenceRuleAssignments(node, facts);
    return fields && fromRuleFields(fields, facts, `RecurrenceRule ${node.text}`);
  }
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const rule = objectProperty(node, 'rule');
  if (rule) return ts.isPropertyAssignment(rule) ? resolveSchedule(rule.initializer, ['cron', 'recurrence-rule'], facts) : undefined;
  const fields = new Map<string, ts.Expression>();
  for (const property of node.properties) {
    const name = staticName(property.name);
    if (name && ts.isPropertyAssignment(property)) fields.set(name, property.initializer);
    else if (name && ts.isShorthandPropertyAssignment(property)) fields.set(name, property.name);
    else return undefined;
  }
  return fromRuleFields(fields, facts, node.getText());
}

/** The schedule an argument fixes, read in the catalog's formats; undefined when it is not statically known. */
export function resolveSchedule(expr: ts.Expression, formats: readonly ScheduleFormat[], facts: FileFacts, named: Readonly<Record<string, string>> = {}): ResolvedSchedule | undefined {
  const node = unwrap(expr);
  const origin = facts.originOf(node);
  const namedText = origin && origin.path.length > 0 ? named[origin.path.join('.')] : undefined;
  if (namedText) return fromCron(namedText, node.getText());
  const text = constString(node, facts);
  for (const format of formats) {
    let resolved: ResolvedSchedule | undefined;
    if (format === 'cron' && text !== undefined) resolved = fromCron(text);
    else if (format === 'human-interval' && text !== undefined) {
      const ms = humanIntervalMs(text);
      resolved = ms === undefined ? undefined : { written: `'${text}'`, intervalMs: ms, regular: true };
    } else if (format === 'milliseconds') {
      const ms = evaluateNumber(node, facts);
      resolved = ms === undefined || ms <= 0 ? undefined : { written: `${ms} ms`, intervalMs: ms, regular: true };
    } else if (format === 'duration-object') resolved = fromDurationObject(node, facts);
    else if (format === 'recurrence-rule') resolved = fromRecurrenceRule(node, facts);
    if (resolved) return resolved;
  }
  return undefined;
}
