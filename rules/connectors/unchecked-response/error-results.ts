import { ts, unwrap, withParentheses } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { moduleMatcher } from '../../../src/catalog/matcher.js';

type ErrorResultClient = NonNullable<FileFacts['classifier']['errorResults']>[number];

/** A write whose failure comes back as a value, and whether nobody reads it. */
export interface ErrorResultWrite {
  readonly node: ts.CallExpression;
  readonly client: string;
  readonly operation: string;
  readonly errorField: string;
  readonly ignored: boolean;
}

/** `supabase.from('items').upsert(rows)`: the steps of a chain from its root, each a method call or a property read. */
function chainSteps(call: ts.CallExpression): { root: ts.Expression; names: string[] } {
  const names: string[] = [];
  let node: ts.Expression = call;
  for (;;) {
    const current = unwrap(node);
    if (ts.isCallExpression(current)) node = current.expression;
    else if (ts.isPropertyAccessExpression(current)) {
      names.unshift(current.name.text);
      node = current.expression;
    } else return { root: current, names };
  }
}

/** The client is one of the entry's: made from its module, or named for it (`supabaseAdmin`, `this.supabase`). */
function isClient(root: ts.Expression, names: readonly string[], client: ErrorResultClient, facts: FileFacts): boolean {
  const origin = facts.originOf(root);
  if (origin && moduleMatcher(client.modules)(origin.module)) return true;
  const name = ts.isIdentifier(root) ? root.text : root.kind === ts.SyntaxKind.ThisKeyword ? names[0] : undefined;
  return name !== undefined && client.clientWords.some((word) => name.toLowerCase().includes(word));
}

/** The whole chain the write sits in (`….update(row).eq('id', id)`): what is awaited or dropped. */
function outermostChain(call: ts.CallExpression): { end: ts.Expression; steps: string[] } {
  let node: ts.Expression = call;
  const steps: string[] = [];
  for (;;) {
    const access = node.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== node) break;
    const next = access.parent;
    if (!next || !ts.isCallExpression(next) || next.expression !== access) break;
    steps.push(access.name.text);
    node = next;
  }
  return { end: node, steps };
}

/** Where the awaited result goes: dropped (`await write;`), or destructured without its error (`const { data } = await write`). */
function dropsError(end: ts.Expression, errorField: string): boolean {
  const awaited = withParentheses(end).parent;
  if (!awaited || !ts.isAwaitExpression(awaited)) return false;
  const holder = awaited.parent;
  if (holder && ts.isExpressionStatement(holder)) return true;
  if (!holder || !ts.isVariableDeclaration(holder) || holder.initializer !== awaited || !ts.isObjectBindingPattern(holder.name)) return false;
  return holder.name.elements.every((element) => !element.dotDotDotToken && (element.propertyName ?? element.name).getText() !== errorField);
}

/**
 * Writes through a client that returns failures instead of throwing (Supabase: `{ data, error }`), each
 * marked `ignored` when nobody reads its error: the awaited result is dropped, or destructured without it. The write fails and
 * the code goes on as if it had succeeded ("Embed Successful" over an empty table).
 */
export function errorResultWrites(facts: FileFacts): ErrorResultWrite[] {
  const clients = facts.classifier.errorResults ?? [];
  const text = facts.sourceFile.text.toLowerCase();
  const present = clients.filter((client) => client.clientWords.some((word) => text.includes(word)) || client.modules.some((module) => text.includes(module.replace(/\*$/, ''))));
  if (present.length === 0) return [];
  const found: ErrorResultWrite[] = [];
  for (const call of facts.index.calls) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const operation = callee.name.text;
    if (!present.some((client) => client.writes.includes(operation) || client.direct.includes(operation))) continue;
    const { root, names } = chainSteps(call);
    for (const client of present) {
      const chained = client.writes.includes(operation) && names.slice(0, -1).some((name) => client.from.includes(name));
      const direct = client.direct.includes(operation) && names.length <= 2;
      if (!(chained || direct) || !isClient(root, names, client, facts)) continue;
      const { end, steps } = outermostChain(call);
      const throws = steps.some((step) => client.throwing.includes(step)) || names.some((name) => client.throwing.includes(name));
      found.push({ node: call, client: client.id, operation, errorField: client.errorField, ignored: !throws && dropsError(end, client.errorField) });
      break;
    }
  }
  return found;
}
