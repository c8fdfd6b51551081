import { calleeLastName, ts, unwrap } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { readWholeHere } from './read-whole.js';
import type { FixSettings, ReportExtras, RuleFix } from '../../../src/engine/rule.js';

type Edit = RuleFix['edits'][number];

/** The line's leading whitespace at a position. */
function indentAt(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/**
 * `name: value` added as the last property of an inline options object, following its layout: on a line
 * of its own in a multi-line object, keeping a trailing comma where there was one. Objects with a spread
 * (`{ ...init }`) are left alone: the spread may set the option at run time, and its order matters.
 */
function addProperty(object: ts.ObjectLiteralExpression, property: string, sourceFile: ts.SourceFile): Edit | undefined {
  if (object.properties.some((p) => ts.isSpreadAssignment(p))) return undefined;
  const text = sourceFile.text;
  const last = object.properties[object.properties.length - 1];
  if (!last) {
    const open = object.getStart(sourceFile);
    // `{}` only: a comment inside an empty object is the author's, not ours to drop.
    return text.slice(open + 1, object.end - 1).trim() === '' ? { start: open, end: object.end, replacement: `{ ${property} }` } : undefined;
  }
  const trailingComma = object.properties.hasTrailingComma;
  const after = trailingComma ? text.indexOf(',', last.end) + 1 : last.end;
  const { line: openLine } = sourceFile.getLineAndCharacterOfPosition(object.getStart(sourceFile));
  const { line: lastLine } = sourceFile.getLineAndCharacterOfPosition(last.getStart(sourceFile));
  if (lastLine === openLine) return { start: after, end: after, replacement: trailingComma ? ` ${property},` : `, ${property}` };
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = indentAt(text, last.getStart(sourceFile));
  return { start: after, end: after, replacement: trailingComma ? `${newline}${indent}${property},` : `,${newline}${indent}${property}` };
}

/** Which argument holds a request's options: by method from the catalog, or a leading object (`axios({ url })`). */
function optionsArgument(site: CallSite, argument: number, byMethod: Readonly<Record<string, number>>): number {
  const first = site.node.arguments[0];
  if (first && ts.isObjectLiteralExpression(unwrap(first))) return 0;
  const method = ts.isPropertyAccessExpression(site.node.expression) ? calleeLastName(site.node.expression) : undefined;
  return (method !== undefined && Object.hasOwn(byMethod, method) ? byMethod[method] : undefined) ?? argument;
}

/** Options added to the call, inline or as a new last argument; never when the options are a variable or spread. */
function callFix(site: CallSite, property: string, argument: number, byMethod: Readonly<Record<string, number>>): Edit | undefined {
  const args = site.node.arguments;
  if (args.some(ts.isSpreadElement)) return undefined;
  const index = optionsArgument(site, argument, byMethod);
  const options = args[index];
  if (options) {
    const object = unwrap(options);
    return ts.isObjectLiteralExpression(object) ? addProperty(object, property, site.node.getSourceFile()) : undefined;
  }
  // Only right after the arguments before it: `axios.post(url)` has no body argument to put the config after.
  const previous = args[index - 1];
  if (args.length !== index || !previous) return undefined;
  const sourceFile = site.node.getSourceFile();
  const at = args.hasTrailingComma ? sourceFile.text.indexOf(',', previous.end) + 1 : previous.end;
  // Arguments on lines of their own (`fetch(\n  url\n)`): the new one gets its own line too.
  const lineOf = (pos: number): number => sourceFile.getLineAndCharacterOfPosition(pos).line;
  const own = lineOf(previous.getStart(sourceFile)) !== lineOf(site.node.arguments.pos);
  const newline = sourceFile.text.includes('\r\n') ? '\r\n' : '\n';
  const gap = own ? `${newline}${indentAt(sourceFile.text, previous.getStart(sourceFile))}` : ' ';
  return { start: at, end: at, replacement: args.hasTrailingComma ? `${gap}{ ${property} },` : `,${gap}{ ${property} }` };
}

/**
 * The client was made by a factory (`axios.create({ baseURL })`, `got.extend({…})`): the timeout belongs
 * in the factory's options, where it bounds every call of that client.
 */
function factoryFix(site: CallSite, property: string): Edit | undefined | 'not-fixable' {
  const calls = site.origin.calls;
  if (calls.length === 0) return undefined;
  const factory = calls[calls.length - 1];
  if (calls.length > 1 || !factory || !ts.isCallExpression(factory)) return 'not-fixable';
  const sourceFile = site.node.getSourceFile();
  // A client imported from another module (imported-clients.ts): its factory is not in this file.
  if (factory.getSourceFile() !== sourceFile) return 'not-fixable';
  const [options, ...rest] = factory.arguments;
  if (rest.length > 0) return 'not-fixable';
  if (!options) {
    const close = factory.end - 1;
    return sourceFile.text[close] === ')' ? { start: close, end: close, replacement: `{ ${property} }` } : 'not-fixable';
  }
  const object = unwrap(options);
  return (ts.isObjectLiteralExpression(object) && addProperty(object, property, sourceFile)) || 'not-fixable';
}

/** The edit that bounds an unbounded request, when the catalog says how and the options are written inline. */
export function timeoutFix(site: CallSite, file: FileFacts, settings: FixSettings): RuleFix | undefined {
  const recipe = site.entry.timeout?.fix;
  if (!recipe || (recipe.wholeExchange && !readWholeHere(site, file))) return undefined;
  const value = recipe.value.replaceAll('{{ms}}', String(settings.timeoutMs));
  const property = `${recipe.option}: ${value}`;
  // A client-wide bound on the whole exchange would also cut the client's streamed calls.
  if (recipe.wholeExchange && site.origin.calls.length > 0) return undefined;
  const atFactory = factoryFix(site, property);
  if (atFactory === 'not-fixable') return undefined;
  const edit = atFactory ?? callFix(site, property, recipe.argument ?? 1, recipe.argumentByMethod ?? {});
  return edit ? { description: `add ${property}`, edits: [edit] } : undefined;
}

/** The report extras carrying the fix, if there is one. */
export function withTimeoutFix(site: CallSite, file: FileFacts, settings: FixSettings): ReportExtras | undefined {
  const fix = timeoutFix(site, file, settings);
  return fix ? { fix } : undefined;
}
