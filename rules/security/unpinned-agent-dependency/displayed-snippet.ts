import { calleeLastName, ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';

/** The object literal a launch config sits in, through nested objects and arrays (`{ mcpServers: { x: config } }`). */
function outermostLiteral(config: ts.ObjectLiteralExpression): ts.Expression {
  let node: ts.Node = config;
  for (;;) {
    const parent: ts.Node | undefined = node.parent;
    if (parent && (ts.isPropertyAssignment(parent) || ts.isObjectLiteralExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))) node = parent;
    else return node as ts.Expression;
  }
}

const isStringified = (node: ts.Node): boolean => {
  let arg: ts.Node = node;
  while (arg.parent && (ts.isParenthesizedExpression(arg.parent) || ts.isAsExpression(arg.parent))) arg = arg.parent;
  const call = arg.parent;
  return !!call && ts.isCallExpression(call) && call.arguments[0] === arg && calleeLastName(call.expression) === 'stringify' && unwrap(call.expression).getText().startsWith('JSON');
};

/** Does the file write files (where a stringified config would become a real one)? */
function writesFiles(facts: FileFacts): boolean {
  const writers = new Set(facts.classifier.filesystem.sinks.flatMap((sink) => sink.calls).filter((name) => /^(?:write|output|append)/i.test(name)));
  return facts.index.calls.some((call) => writers.has(calleeLastName(call.expression) ?? ''));
}

/**
 * Is this launch config only turned into text for people to copy: held in a variable whose every use is
 * `JSON.stringify(…)`, in a file that writes no files? A website or CLI that shows an MCP config
 * snippet launches nothing; the reader's client does, with whatever they paste.
 */
export function isDisplayedSnippet(config: ts.ObjectLiteralExpression, facts: FileFacts): boolean {
  const root = outermostLiteral(config);
  const holder = root.parent;
  if (!holder || !ts.isVariableDeclaration(holder) || holder.initializer !== root || !ts.isIdentifier(holder.name)) return false;
  const uses = (facts.index.reads.get(holder.name.text) ?? []).filter((read) => read !== holder.name && facts.resolve(read.text, read)?.node === holder);
  return uses.length > 0 && uses.every(isStringified) && !writesFiles(facts);
}
