import type { ts } from '../../analysis/ast.js';
import type { FileFacts } from '../../analysis/facts.js';
import { extractModuleFacts, type ModuleFacts } from '../graph/module-facts.js';
import { extractFunctionFacts, type FunctionFact } from '../summaries/function-facts.js';
import { createRoleSignalCollector, type RoleSignals } from './signals.js';
import type { RolesCatalog } from './types.js';

/** One file's contribution to the project model: plain JSON-safe data, computed where the file is parsed. */
export interface FileModelFacts {
  /** Relative to the audit root, forward slashes. */
  readonly path: string;
  readonly module: ModuleFacts;
  readonly signals: RoleSignals;
  /** Named functions with their own effects and calls, for the function summaries (absent: none known). */
  readonly functions?: readonly FunctionFact[];
}

/** `analysed`: the file's rule facts, when the file was analysed (its functions then feed the summaries). */
export function extractFileModelFacts(path: string, sourceFile: ts.SourceFile, catalog: RolesCatalog, analysed?: FileFacts): FileModelFacts {
  const signals = createRoleSignalCollector(sourceFile, catalog);
  const module = extractModuleFacts(sourceFile, signals.visit);
  const functions = analysed ? extractFunctionFacts(analysed, new Set(module.imports.flatMap((i) => i.bindings.map((b) => b.local)))) : [];
  return { path, module, signals: signals.finish(module.imports), ...(functions.length ? { functions } : {}) };
}
