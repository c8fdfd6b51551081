import type { ts } from '../ast.js';
import type { FileFacts } from '../file-facts.js';
import { extractModuleFacts, type ModuleFacts } from '../graph/module-facts.js';
import { exportedClientFacts } from '../summaries/client-exports.js';
import { extractCallGraphFacts, type CalleeRef, type FunctionFact } from '../summaries/function-facts.js';
import { isComponentFile } from '../../project/component-files.js';
import { createRoleSignalCollector, type RoleSignals } from './signals.js';
import { topDeclarations, type TopDeclaration } from './shared-code.js';
import type { RolesCatalog } from './types.js';
import { copiedInItemFiles } from './copied-in-items.js';
import { runtimeBranches, runtimeFlags, type BranchRange, type BranchSpan, type RuntimeFlag } from './branches.js';
import { webWorkerApi } from './web-worker.js';
import { branchConstructions, type Construction } from './constructions.js';
import { routerMounts, type RouterMount } from '../../domain/routes/middleware-chain.js';

/** One file's contribution to the project model: plain JSON-safe data, computed where the file is parsed. */
export interface FileModelFacts {
  /** Relative to the audit root, forward slashes. */
  readonly path: string;
  readonly module: ModuleFacts;
  readonly signals: RoleSignals;
  /** Named functions with their own effects and calls, for the function summaries (absent: none known). */
  readonly functions?: readonly FunctionFact[];
  /** Method names the file mentions other than in recorded calls (summaries/member-calls.ts); absent: not known (not analysed, or markup). */
  readonly looseNames?: readonly string[];
  /** Imported functions the file reads as values outside every named function: called from wherever the value goes. */
  readonly valueRefs?: readonly CalleeRef[];
  /** Top-level declarations with their lines: which part of a module shared with browser code a line is in. */
  readonly declarations?: readonly TopDeclaration[];
  /** Source files this file's registry items distribute, relative to its package (copied-in-items.ts). */
  readonly copiedInFiles?: readonly string[];
  /** Branches that run only in a browser or only in development (`if (typeof window !== 'undefined')`, `if (isDev)`). */
  readonly branches?: readonly BranchSpan[];
  /** Exported consts that say where the module runs (`export const isDev = …`): imported flags settle branches of other files. */
  readonly runtimeFlags?: readonly RuntimeFlag[];
  /** Classes constructed in a development-only branch, with where each use of the name is (constructions.ts). */
  readonly constructions?: readonly Construction[];
  /** Routers imported from other files and mounted on an app this file serves (domain/routes/middleware-chain.ts). */
  readonly routerMounts?: readonly RouterMount[];
}

/** `analysed`: the file's rule facts, when the file was analysed (its functions then feed the summaries). */
export function extractFileModelFacts(path: string, sourceFile: ts.SourceFile, catalog: RolesCatalog, analysed?: FileFacts): FileModelFacts {
  const signals = createRoleSignalCollector(sourceFile, catalog);
  let module;
  if (analysed) {
    // The rule facts' index already holds every call and read: no second walk over the file.
    module = extractModuleFacts(sourceFile, undefined, analysed.index);
    for (const name of catalog.browserGlobals) {
      for (const read of analysed.index.reads.get(name) ?? []) {
        if (analysed.resolve(name, read)) signals.declared(name);
        else signals.visit(read);
      }
    }
    for (const call of analysed.index.calls) signals.visit(call);
  } else {
    module = extractModuleFacts(sourceFile, signals.visit);
  }
  const exportedLocals = new Set(module.exports.map((e) => e.local ?? e.exported));
  const resolve = analysed ? analysed.resolve.bind(analysed) : undefined;
  const importedLocals = module.imports.flatMap((i) => i.bindings.map((b) => b.local));
  const importedReads = analysed ? importedLocals.flatMap((local) => analysed.index.reads.get(local) ?? []) : [];
  const { spans: branches, ranges } = resolve ? runtimeBranches(sourceFile, resolve, importedReads, catalog.developmentChecks, analysed?.index.branches) : { spans: [], ranges: [] };
  const graphFacts = analysed ? extractCallGraphFacts(analysed, new Set(importedLocals)) : undefined;
  const found = analysed && graphFacts ? [...graphFacts.functions, ...exportedClientFacts(analysed, exportedLocals)] : [];
  const functions = ranges.length ? found.map((fn) => withBranches(fn, ranges)) : found;
  const declarations = analysed ? topDeclarations(sourceFile, analysed.index.reads) : [];
  const copiedInFiles = analysed ? copiedInItemFiles(analysed.index, catalog) : [];
  const flags = resolve ? runtimeFlags(sourceFile, resolve, new Map(module.exports.map((e) => [e.local ?? e.exported, e.exported])), catalog.developmentChecks) : [];
  const worker = resolve ? webWorkerApi(sourceFile, resolve) : undefined;
  const constructions = analysed && ranges.length ? branchConstructions(analysed.index, ranges) : [];
  const mounts = analysed ? routerMounts(analysed) : [];
  return {
    path,
    module,
    signals: { ...signals.finish(module.imports), ...(worker ? { webWorker: worker } : {}) },
    ...(functions.length ? { functions } : {}),
    ...(graphFacts && !isComponentFile(path) ? { looseNames: graphFacts.looseNames } : {}),
    ...(graphFacts?.valueRefs.length ? { valueRefs: graphFacts.valueRefs } : {}),
    ...(declarations.length ? { declarations } : {}),
    ...(copiedInFiles.length ? { copiedInFiles } : {}),
    ...(branches.length ? { branches } : {}),
    ...(flags.length ? { runtimeFlags: flags } : {}),
    ...(constructions.length ? { constructions } : {}),
    ...(mounts.length ? { routerMounts: mounts } : {}),
  };
}

/** Marks each call made in a development-only branch (the innermost one that holds it) with where it runs. */
function withBranches(fn: FunctionFact, ranges: readonly BranchRange[]): FunctionFact {
  const branchOf = (at: number): BranchRange | undefined => ranges.filter((r) => r.pos <= at && at < r.end && r.runs !== 'browser').sort((a, b) => a.end - a.pos - (b.end - b.pos))[0];
  if (!fn.calls.some((call) => branchOf(call.at))) return fn;
  return { ...fn, calls: fn.calls.map((call) => {
    const branch = branchOf(call.at);
    return branch ? { ...call, inBranch: branch.runs } : call;
  }) };
}
