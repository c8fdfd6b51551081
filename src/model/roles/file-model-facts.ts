import type { ts } from '../../analysis/ast.js';
import { extractModuleFacts, type ModuleFacts } from '../graph/module-facts.js';
import { createRoleSignalCollector, type RoleSignals } from './signals.js';
import type { RolesCatalog } from './types.js';

/** One file's contribution to the project model: plain JSON-safe data, computed where the file is parsed. */
export interface FileModelFacts {
  /** Relative to the audit root, forward slashes. */
  readonly path: string;
  readonly module: ModuleFacts;
  readonly signals: RoleSignals;
}

export function extractFileModelFacts(path: string, sourceFile: ts.SourceFile, catalog: RolesCatalog): FileModelFacts {
  const signals = createRoleSignalCollector(sourceFile, catalog);
  const module = extractModuleFacts(sourceFile, signals.visit);
  return { path, module, signals: signals.finish(module.imports) };
}
