import { ts } from '../typescript.cjs';
import type { ParseError, SkippedFile } from '../types.js';
import type { DiscoveredFile } from './discover.js';
import { componentScript } from './component-script.js';
import { isComponentFile } from './component-files.js';
import { describeUnread, readRegularFile } from './read-file.js';

export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Doc comments are left as comments: no analysis reads JSDoc nodes (comments are read as text, and
 * tree walks never visit JSDoc), and parsing them into trees is a fifth of the parse on published
 * JavaScript, which documents every export. Parse errors are the same (JSDoc has its own diagnostics).
 */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

export type LoadedFile =
  | { readonly kind: 'parsed'; readonly file: DiscoveredFile; readonly sourceFile: ts.SourceFile; readonly parseError?: ParseError }
  | { readonly kind: 'skipped'; readonly skipped: SkippedFile }
  | { readonly kind: 'unreadable'; readonly skipped: SkippedFile }
  /** Left out for what the file itself holds (size): the audited tree controls that, so it fails the gate. */
  | { readonly kind: 'not-audited'; readonly skipped: SkippedFile };

/** The code to parse: a script file whole, a component's script blocks at their original positions. */
export function codeOf(path: string, text: string): { text: string; scriptKind: ts.ScriptKind } {
  return isComponentFile(path) ? componentScript(path, text) : { text, scriptKind: scriptKindOf(path) };
}

function scriptKindOf(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Links every node to its parent, as createSourceFile's `setParentNodes` does, in a plain walk over the
 * same children (ts.forEachChild): the compiler's own pass gathers each node's children into a fresh
 * array and queues them, and took a quarter of the parse on real packages; this walk takes a tenth of it.
 * Iterative, like every walk here: a deep tree must not overflow the stack.
 */
function setParents(root: ts.SourceFile): void {
  const stack: ts.Node[] = [root];
  let parent: ts.Node = root;
  const link = (child: ts.Node): void => {
    (child as { parent: ts.Node }).parent = parent;
    stack.push(child);
  };
  for (let node = stack.pop(); node; node = stack.pop()) {
    parent = node;
    ts.forEachChild(node, link);
  }
}

/** A file's text (as read: a component file's script is taken out here) parsed, with parents linked. */
export function parseSourceText(path: string, raw: string): ts.SourceFile {
  const { text, scriptKind } = codeOf(path, raw);
  const sourceFile = ts.createSourceFile(path, text, PARSE_OPTIONS, false, scriptKind);
  setParents(sourceFile);
  return sourceFile;
}

/**
 * Parse only: no type checker, no program, no dependency resolution. The parser is TypeScript's as
 * ts-morph bundles it; creating ts-morph's Project and wrapper objects cost ~2× the parse itself on
 * real packages and bought nothing a rule uses, so files are parsed straight to compiler nodes.
 */
export function createParser(): (file: DiscoveredFile) => LoadedFile {
  return (file) => {
    const read = readRegularFile(file.absolutePath, MAX_FILE_BYTES);
    if (!read.ok) {
      const skipped = { path: file.path, reason: describeUnread(read.reason) };
      if (read.reason.kind === 'too-large') return { kind: 'not-audited', skipped };
      return { kind: read.reason.kind === 'not-regular' ? 'skipped' : 'unreadable', skipped };
    }
    // No "binary" or "minified" guess: both can be faked from a comment to hide a file, and the
    // parser copes with either (a NUL is a parse error, a long line only long columns).
    const sourceFile = parseSourceText(file.path, read.buffer.toString('utf8'));
    const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    const first = diagnostics[0];
    if (!first) return { kind: 'parsed', file, sourceFile };
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
    const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    const more = diagnostics.length > 1 ? ` (+${diagnostics.length - 1} more)` : '';
    return { kind: 'parsed', file, sourceFile, parseError: { path: file.path, message: `${message}${more}`, line: line + 1, column: character + 1 } };
  };
}
