import { ts } from '../ast.js';
import { onlyExports } from '../syntax.js';
import { linksTo, takenNames, type ModuleGraph } from '../graph/module-graph.js';
import type { FileModelFacts } from './file-model-facts.js';
import type { FileRole } from './types.js';
import { settledRuntime, type BranchRuns, type BranchSpan } from './branches.js';
import type { FunctionSummaries } from '../summaries/summaries.js';

/** A top-level declaration of a file and the lines it spans (1-based, inclusive). */
export interface TopDeclaration {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** Does the file read the name outside the declaration and its export statements (absent: not known)? */
  readonly usedInFile?: boolean;
}

/**
 * Named functions, classes and variables declared at the top of a file, with their line spans; with
 * `reads` (the file's identifier reads by name), whether the file uses each other than to export it.
 */
export function topDeclarations(sourceFile: ts.SourceFile, reads?: ReadonlyMap<string, readonly ts.Identifier[]>): TopDeclaration[] {
  const line = (pos: number): number => sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
  const exporting = sourceFile.statements.filter((statement) => onlyExports(statement, sourceFile));
  const usedInFile = (name: string, node: ts.Node): { usedInFile?: boolean } => {
    if (!reads) return {};
    const outside = (id: ts.Identifier): boolean => (id.pos < node.pos || id.end > node.end) && !exporting.some((e) => e.pos <= id.pos && id.end <= e.end);
    return { usedInFile: (reads.get(name) ?? []).some(outside) };
  };
  return sourceFile.statements.flatMap((statement): TopDeclaration[] => {
    const span = { start: line(statement.getStart(sourceFile)), end: line(statement.getEnd()) };
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) return [{ name: statement.name.text, ...span, ...usedInFile(statement.name.text, statement) }];
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [{ name: d.name.text, start: line(d.getStart(sourceFile)), end: line(d.getEnd()), ...usedInFile(d.name.text, d) }] : []));
    }
    return [];
  });
}

/** What server code uses of a module that browser code or tooling imports too. */
interface SharedUse {
  /** Top-level names the server's imports reach, directly or through the file's own calls; undefined: all of it. */
  readonly serverNames?: ReadonlySet<string>;
  readonly declarations: readonly TopDeclaration[];
  /** Where the rest runs: in the browser when browser code imports the module, else in tooling. */
  readonly otherRole: 'browser' | 'script';
}

const topName = (key: string): string => key.split('.')[0] as string;

/**
 * A module that server files and browser (or tooling) files both import runs on the server only through
 * what the server imports from it. For each such module decided by reachability: the exported names
 * server files import or re-export by name, mapped to their declarations and closed over the module's
 * own calls. A namespace import, `export *` or an import without bindings uses all of it.
 */
function sharedUse(facts: FileModelFacts, graph: ModuleGraph, byPath: ReadonlyMap<string, FileModelFacts>, roles: ReadonlyMap<string, FileRole>): SharedUse | undefined {
  const importers = graph.importersOf(facts.path);
  const otherRole = importers.some((file) => roles.get(file)?.role === 'browser') ? 'browser' : importers.some((file) => roles.get(file)?.role === 'script') ? 'script' : undefined;
  if (!otherRole) return undefined;
  const declarations = facts.declarations ?? [];
  const imported = new Set<string>();
  for (const importer of importers) {
    if (roles.get(importer)?.role !== 'server') continue;
    const module = byPath.get(importer)?.module;
    if (!module) continue;
    const links = linksTo(graph, importer, module, facts.path);
    for (const reExport of links.reExports) {
      if (!reExport.names || reExport.names.some((n) => n.imported === '*')) return { declarations, otherRole };
      for (const name of reExport.names) imported.add(name.imported);
    }
    for (const fact of links.imports) {
      const names = takenNames(fact);
      if (!names) return { declarations, otherRole };
      for (const name of names) imported.add(name);
    }
  }
  const used = new Set([...imported].map((name) => facts.module.exports.find((e) => e.exported === name)?.local ?? name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const fn of facts.functions ?? []) {
      if (!used.has(topName(fn.key))) continue;
      for (const call of fn.calls) {
        if (call.callee.kind !== 'local' || used.has(topName(call.callee.key))) continue;
        used.add(topName(call.callee.key));
        grew = true;
      }
    }
  }
  return { serverNames: used, declarations, otherRole };
}

/**
 * The role of a line of code: its file's, except in a server module shared with browser code, where a
 * top-level declaration no server import reaches is browser code (`fetcher` in a utils module whose
 * server importers only use `formatDate`). Lines outside a top-level declaration keep the file's role.
 */
export function createLineRoles(files: readonly FileModelFacts[], graph: ModuleGraph, roles: ReadonlyMap<string, FileRole>, summaries?: () => FunctionSummaries): (file: string, line: number) => FileRole | undefined {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const shared = new Map<string, SharedUse>();
  for (const facts of files) {
    const role = roles.get(facts.path);
    if (role?.role !== 'server' || role.evidence.kind !== 'reachable' || !facts.functions) continue;
    const use = sharedUse(facts, graph, byPath, roles);
    if (use?.serverNames) shared.set(facts.path, use);
  }
  const branchRole = branchRoles(byPath, graph, summaries);
  return (file, line) => {
    const role = roles.get(file);
    if (role && role.evidence.kind !== 'config') {
      const branch = branchRole(file, line, role.role);
      if (branch) return branch;
    }
    // A function that uses a browser-only API unguarded (`document.createElement`, `localStorage`) runs
    // in a browser, also in a module a server entry reaches (an SDK's WebRTC transport).
    if (role?.role === 'server' && role.evidence.kind !== 'config') {
      const span = byPath.get(file)?.signals.browserFunctions?.find((f) => f.start <= line && line <= f.end);
      if (span) return { role: 'browser', evidence: { kind: 'browser-api', detail: `the function at lines ${span.start}-${span.end} of ${file} uses ${span.api}` } };
    }
    const use = shared.get(file);
    const declaration = use?.declarations.find((d) => d.start <= line && line <= d.end);
    if (!use?.serverNames || !declaration || use.serverNames.has(declaration.name)) return role;
    // Tooling: only a declaration the file itself uses nowhere else (server code may reach it by a construction or a top-level value).
    if (use.otherRole === 'script' && declaration.usedInFile !== false) return role;
    const serverUses = [...use.serverNames].sort();
    const users = use.otherRole === 'browser' ? 'browser code' : 'tooling';
    return { role: use.otherRole, evidence: { kind: 'reachable', detail: `${declaration.name} in ${file} is used only by ${users}; server code uses ${serverUses.length ? serverUses.join(', ') : 'nothing of it'}` } };
  };
}

/** The innermost of a file's spans that holds the line, with its runtime settled. */
function branchRoles(byPath: ReadonlyMap<string, FileModelFacts>, graph: ModuleGraph, summaries?: () => FunctionSummaries): (file: string, line: number, role: FileRole['role']) => FileRole | undefined {
  const flagOf = (file: string) => (flag: { specifier: string; imported: string }) => {
    const target = graph.resolve(file, flag.specifier);
    return target === undefined ? undefined : byPath.get(target)?.runtimeFlags?.find((f) => f.name === flag.imported);
  };
  const devOnly = new Map<string, boolean>();
  const anyCallInBranch = [...byPath.values()].some((f) => f.functions?.some((fn) => fn.calls.some((call) => call.inBranch !== undefined)));
  /** A top-level function every call of which sits in a development-only branch (`if (isDev) return devTemplate()`). */
  const calledOnlyInDevelopment = (file: string, name: string): boolean => {
    const key = `${file}#${name}`;
    let answer = devOnly.get(key);
    if (answer === undefined) {
      const known = byPath.get(file)?.functions?.some((fn) => fn.key === name) === true;
      answer = known && summaries !== undefined && summaries().onlyCalledInBranches(file, name, (caller, runs) => settledRuntime(runs, flagOf(caller)) === 'development');
      devOnly.set(key, answer);
    }
    return answer;
  };
  const anyConstruction = [...byPath.values()].some((f) => f.constructions !== undefined);
  const constructedOnlyInDevelopment = createDevelopmentClasses(byPath, graph, (file, runs) => settledRuntime(runs, flagOf(file)) === 'development');
  return (file, line, role) => {
    const facts = byPath.get(file);
    const declaration = (summaries && anyCallInBranch) || anyConstruction ? facts?.declarations?.find((d) => d.start <= line && line <= d.end) : undefined;
    if (declaration && summaries && anyCallInBranch && calledOnlyInDevelopment(file, declaration.name)) {
      return { role: 'script', evidence: { kind: 'branch', detail: `${declaration.name} in ${file} is only called in branches that run in development` } };
    }
    if (declaration && anyConstruction && constructedOnlyInDevelopment(file, declaration)) {
      return { role: 'script', evidence: { kind: 'branch', detail: `${declaration.name} in ${file} is only constructed in branches that run in development` } };
    }
    const spans = facts?.branches;
    if (!spans) return undefined;
    let found: { span: BranchSpan; runs: 'browser' | 'development' } | undefined;
    for (const span of spans) {
      if (line < span.start || line > span.end || (found && span.end - span.start >= found.span.end - found.span.start)) continue;
      const runs = settledRuntime(span.runs, flagOf(file));
      if (runs === 'development' || (runs === 'browser' && role === 'server')) found = { span, runs };
    }
    if (!found) return undefined;
    const where = `lines ${found.span.start}-${found.span.end} of ${file} run only ${found.runs === 'browser' ? 'in a browser' : 'in development'} (${found.span.test})`;
    // Code that runs only in development is no more production than a developer's script.
    return found.runs === 'browser' ? { role: 'browser', evidence: { kind: 'branch', detail: where } } : { role: 'script', evidence: { kind: 'branch', detail: where } };
  };
}

/**
 * A top-level class every use of which is a construction in a development-only branch of a file that
 * imports it by name (`if (isDev) return new DevProxy(url)`): its own file does not use it, and nothing
 * takes the module whole or passes it on (a namespace, a re-export, a dynamic import could construct it anywhere).
 */
function createDevelopmentClasses(byPath: ReadonlyMap<string, FileModelFacts>, graph: ModuleGraph, inDevelopment: (file: string, runs: BranchRuns) => boolean): (file: string, declaration: TopDeclaration) => boolean {
  const answers = new Map<string, boolean>();
  const decide = (file: string, declaration: TopDeclaration): boolean => {
    if (declaration.usedInFile !== false) return false;
    const facts = byPath.get(file);
    const exported = new Set(facts?.module.exports.filter((e) => (e.local ?? e.exported) === declaration.name).map((e) => e.exported));
    if (exported.size === 0 || exported.has('default')) return false;
    let constructions = 0;
    for (const importer of graph.importersOf(file)) {
      if ((graph.edges[importer] ?? []).some((e) => e.to === file && e.kind === 're-export')) return false;
      const importerFacts = byPath.get(importer);
      for (const fact of importerFacts ? linksTo(graph, importer, importerFacts.module, file).imports : []) {
        if (!takenNames(fact)) return false;
        for (const binding of fact.bindings.filter((b) => !b.typeOnly && exported.has(b.imported))) {
          const uses = importerFacts?.constructions?.find((c) => c.name === binding.local)?.uses;
          if (!uses || uses.some((runs) => runs === null || !inDevelopment(importer, runs))) return false;
          constructions += uses.length;
        }
      }
    }
    return constructions > 0;
  };
  return (file, declaration) => {
    const key = `${file}#${declaration.name}`;
    let answer = answers.get(key);
    if (answer === undefined) answers.set(key, (answer = decide(file, declaration)));
    return answer;
  };
}
