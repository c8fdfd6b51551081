import { ts, unwrap, withParentheses } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import type { ReportExtras, RuleFix } from '../../../src/engine/rule.js';

/** The host of a literal URL (`https://api.example.com/x`, `` `https://api.example.com/${id}` ``), for the error message. */
function literalHost(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (!first) return undefined;
  const text = ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first) ? first.text : ts.isTemplateExpression(first) ? first.head.text : undefined;
  // Only plain host characters go into the inserted template literal: nothing from the URL can break out of it.
  return text === undefined ? undefined : /^https?:\/\/([A-Za-z0-9.-]+)(?=[:/?#]|$)/.exec(text)?.[1];
}

/** `const res = await fetch(…);` as a statement of its own: the declaration and the statement holding it. */
function awaitedConstStatement(call: ts.CallExpression): { name: ts.Identifier; declaration: ts.VariableDeclaration; statement: ts.VariableStatement } | undefined {
  const awaited = withParentheses(call).parent;
  if (!awaited || !ts.isAwaitExpression(awaited)) return undefined;
  const declaration = awaited.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer !== awaited || !ts.isIdentifier(declaration.name)) return undefined;
  const list = declaration.parent;
  const statement = list.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const) || list.declarations.length !== 1 || !statement || !ts.isVariableStatement(statement)) return undefined;
  return { name: declaration.name, declaration, statement };
}

/**
 * `if (!res.ok) throw new Error(…)` right after `const res = await fetch(…);`, when the response is a
 * plain const whose body is read later in the same block and nothing reads it in between. A response
 * handed elsewhere, reassigned or read in another block is left to its author.
 */
export function okCheckFix(site: CallSite, file: FileFacts): RuleFix | undefined {
  const status = site.entry.statusProperties ?? [];
  const readers = site.entry.bodyReaders ?? [];
  if (site.entry.throwsOnHttpError || !status.includes('ok')) return undefined;
  const found = awaitedConstStatement(site.node);
  if (!found) return undefined;
  const { name, statement } = found;
  const block = statement.parent;
  if (!ts.isBlock(block) && !ts.isSourceFile(block)) return undefined;
  const decl = file.resolve(name.text, name);
  if (!decl) return undefined;
  const refs = file.references(decl).filter((ref) => ref !== name);
  const later = block.statements.slice(block.statements.indexOf(statement) + 1);
  const inLater = (ref: ts.Node): boolean => later.some((s) => ref.pos >= s.pos && ref.end <= s.end);
  const readsBody = (ref: ts.Identifier): boolean => ts.isPropertyAccessExpression(ref.parent) && ref.parent.expression === ref && readers.includes(ref.parent.name.text);
  if (refs.length === 0 || !refs.every(inLater) || !refs.some(readsBody)) return undefined;
  const text = file.sourceFile.text;
  const lineStart = text.lastIndexOf('\n', statement.getStart(file.sourceFile) - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const host = literalHost(site.node) ?? 'upstream';
  const check = `if (!${name.text}.ok) throw new Error(\`${host} responded \${${name.text}.status}\`);`;
  // After a comment that ends the statement's line, so the comment stays with the statement.
  const lineEnd = text.indexOf('\n', statement.end);
  const rest = text.slice(statement.end, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '');
  const at = /^\s*(\/\/.*)?$/.test(rest) ? statement.end + rest.length : statement.end;
  return { description: `throw when ${name.text}.ok is false`, edits: [{ start: at, end: at, replacement: `${newline}${indent}${check}` }] };
}

/** The report extras carrying the fix, if there is one. */
export function withOkCheckFix(site: CallSite, file: FileFacts): ReportExtras | undefined {
  const fix = okCheckFix(site, file);
  return fix ? { fix } : undefined;
}
