import { readFileSync } from 'node:fs';
import { ts } from 'ts-morph';
import type { ParseError, SkippedFile } from '../types.js';
import type { DiscoveredFile } from './discover.js';

export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export type LoadedFile =
  | { readonly kind: 'parsed'; readonly file: DiscoveredFile; readonly sourceFile: ts.SourceFile; readonly parseError?: ParseError }
  | { readonly kind: 'skipped'; readonly skipped: SkippedFile }
  | { readonly kind: 'unreadable'; readonly skipped: SkippedFile };

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Minified code: long text in very few lines. Auditing it yields positions nobody can read. */
function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.length / lines > 500;
}

/**
 * Parse only: no type checker, no program, no dependency resolution. The parser is TypeScript's as
 * ts-morph bundles it; creating ts-morph's Project and wrapper objects cost ~2× the parse itself on
 * real packages and bought nothing a rule uses, so files are parsed straight to compiler nodes.
 */
export function createParser(): (file: DiscoveredFile) => LoadedFile {
  return (file) => {
    let buffer: Buffer;
    try {
      buffer = readFileSync(file.absolutePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      return { kind: 'unreadable', skipped: { path: file.path, reason: `cannot read file (${code})` } };
    }
    if (buffer.length > MAX_FILE_BYTES) return { kind: 'skipped', skipped: { path: file.path, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` } };
    if (buffer.subarray(0, 8192).includes(0)) return { kind: 'skipped', skipped: { path: file.path, reason: 'binary file' } };
    const text = buffer.toString('utf8');
    if (!file.explicit && looksMinified(text)) return { kind: 'skipped', skipped: { path: file.path, reason: 'minified bundle' } };
    const sourceFile = ts.createSourceFile(file.path, text, ts.ScriptTarget.Latest, true, scriptKind(file.path));
    const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    const first = diagnostics[0];
    if (!first) return { kind: 'parsed', file, sourceFile };
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
    const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    const more = diagnostics.length > 1 ? ` (+${diagnostics.length - 1} more)` : '';
    return { kind: 'parsed', file, sourceFile, parseError: { path: file.path, message: `${message}${more}`, line: line + 1, column: character + 1 } };
  };
}
