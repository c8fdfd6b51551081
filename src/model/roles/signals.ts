import { ts } from '../ast.js';
import { leadingDirectives } from '../syntax.js';
import type { ImportFact } from '../graph/module-facts.js';
import { inlineProgramRunner, isStandaloneProgram, programRunners } from './programs.js';
import type { RolesCatalog } from './types.js';

/** What one file says about where it runs, as plain data (computed with its module facts). */
export interface RoleSignals {
  /** The first directive of the file that the catalog knows (`use client`). */
  readonly directive?: string;
  /** The generated-code marker found in the file's header comment. */
  readonly generatedMarker?: string;
  /** The vendored-copy marker found in the file's header comment (`Vendored from …`). */
  readonly vendoredMarker?: string;
  /** Browser-only APIs the file uses, e.g. `window`, `react.useState` (a few, for evidence). */
  readonly browserApis: readonly string[];
  /** The file runs itself as a one-off program: it calls its own `main()` at module level and ends the process. */
  readonly standaloneProgram?: true;
  /** `run(async () => { … })` at module level: the local name of the imported function handed the file's inline program. */
  readonly inlineProgramRunner?: string;
  /** Exported functions that run the function handed to them and end the process (see programs.ts). */
  readonly programRunners?: readonly string[];
  /** Lines (1-based, inclusive) of functions and methods that use a browser-only API unguarded: they run in a browser, whatever the file's role. */
  readonly browserFunctions?: readonly { readonly start: number; readonly end: number; readonly api: string }[];
  /** The file runs as a browser Web Worker: the worker API that says so (`importScripts`, `self.onmessage`), see web-worker.ts. */
  readonly webWorker?: string;
}

/**
 * The function around a node: the unit a browser API use puts in the browser, with the functions
 * nested in it. The innermost one, so a callback a server hands to a browser (`page.evaluate(() =>
 * document.title)`) does not take the server function with it.
 */
function enclosingFunctionNode(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isFunctionDeclaration(current) || ts.isMethodDeclaration(current) || ts.isArrowFunction(current) || ts.isFunctionExpression(current) || ts.isGetAccessor(current) || ts.isSetAccessor(current) || ts.isConstructorDeclaration(current)) return current;
  }
  return undefined;
}

const HEADER_CHARS = 1500;

function firstDirective(sourceFile: ts.SourceFile, known: ReadonlySet<string>): string | undefined {
  return leadingDirectives(sourceFile.statements).find((directive) => known.has(directive));
}

/** Markers only count in comments before the first statement: a string constant "DO NOT EDIT" is not a header. */
function headerMarker(sourceFile: ts.SourceFile, markers: readonly string[]): string | undefined {
  const first = sourceFile.statements[0];
  const end = Math.min(first ? first.getStart(sourceFile) : sourceFile.text.length, HEADER_CHARS);
  const header = sourceFile.text.slice(0, end).toLowerCase();
  return markers.find((marker) => header.includes(marker.toLowerCase()));
}

/**
 * Collects role signals during the module-facts walk: `visit` sees every node, `finish` joins what it saw
 * with the file's imports (a hook counts only when it comes from the framework module).
 */
export function createRoleSignalCollector(sourceFile: ts.SourceFile, catalog: RolesCatalog): { visit(node: ts.Node): void; declared(name: string): void; finish(imports: readonly ImportFact[]): RoleSignals } {
  const globals = new Set(catalog.browserGlobals);
  const callNames = new Set(catalog.browserCalls.flatMap((c) => c.calls));
  const usedGlobals = new Set<string>();
  const guardedGlobals = new Set<string>();
  const declared = new Set<string>();
  const calledBare = new Set<string>();
  const calledMember = new Set<string>();
  const usesInFunctions: { name: string; fn: ts.Node }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      if (!globals.has(node.text)) return;
      const parent = node.parent;
      if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || ts.isPropertyAssignment(parent)) return;
      // An imported or declared `document` (a DB table, a loaded file) is not the browser's.
      if (ts.isImportSpecifier(parent) || ts.isNamespaceImport(parent)) declared.add(node.text);
      else if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent) || ts.isFunctionDeclaration(parent) || ts.isImportClause(parent) || ts.isClassDeclaration(parent)) && parent.name === node) declared.add(node.text);
      else if (ts.isTypeOfExpression(parent)) guardedGlobals.add(node.text);
      else if (ts.isPropertyAccessExpression(parent) || ts.isCallExpression(parent) || ts.isElementAccessExpression(parent)) {
        usedGlobals.add(node.text);
        const fn = enclosingFunctionNode(node);
        if (fn) usesInFunctions.push({ name: node.text, fn });
      }
      return;
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && callNames.has(callee.text)) calledBare.add(callee.text);
      else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callNames.has(callee.name.text)) calledMember.add(`${callee.expression.text}.${callee.name.text}`);
    }
  };
  const finish = (imports: readonly ImportFact[]): RoleSignals => {
    // Code that checks `typeof window` is written to run on both sides: its uses are not evidence.
    const apis = [...usedGlobals].filter((name) => !declared.has(name) && !guardedGlobals.has(name));
    for (const entry of catalog.browserCalls) {
      for (const fact of imports) {
        if (fact.specifier !== entry.module || fact.typeOnly) continue;
        for (const binding of fact.bindings) {
          const named = binding.imported !== '*' && binding.imported !== 'default' && entry.calls.includes(binding.imported) && calledBare.has(binding.local);
          const viaNamespace = (binding.imported === '*' || binding.imported === 'default') && entry.calls.some((call) => calledMember.has(`${binding.local}.${call}`));
          if (named || viaNamespace) apis.push(`${entry.module} ${named ? binding.imported : entry.calls.find((call) => calledMember.has(`${binding.local}.${call}`))}`);
        }
      }
    }
    const directive = firstDirective(sourceFile, new Set(catalog.directives.map((d) => d.directive)));
    const marker = headerMarker(sourceFile, catalog.generatedMarkers);
    const vendored = headerMarker(sourceFile, catalog.vendoredMarkers);
    const program = isStandaloneProgram(sourceFile);
    const runner = program ? undefined : inlineProgramRunner(sourceFile);
    const runners = programRunners(sourceFile);
    const line = (pos: number): number => sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
    const spans = new Map<ts.Node, { start: number; end: number; api: string }>();
    for (const { name, fn } of usesInFunctions) {
      if (declared.has(name) || guardedGlobals.has(name) || spans.has(fn)) continue;
      spans.set(fn, { start: line(fn.getStart(sourceFile)), end: line(fn.getEnd()), api: name });
    }
    const browserFunctions = [...spans.values()].sort((a, b) => a.start - b.start);
    return { ...(program ? { standaloneProgram: true as const } : {}), ...(runner ? { inlineProgramRunner: runner } : {}), ...(runners.length ? { programRunners: runners } : {}), ...(browserFunctions.length ? { browserFunctions } : {}), ...(directive ? { directive } : {}), ...(marker ? { generatedMarker: marker } : {}), ...(vendored ? { vendoredMarker: vendored } : {}), browserApis: [...new Set(apis)].sort().slice(0, 4) };
  };
  return { visit, declared: (name) => void declared.add(name), finish };
}
