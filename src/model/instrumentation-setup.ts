import type { ModuleCalls } from '../catalog/types.js';
import { moduleMatcher } from '../catalog/matcher.js';
import type { FileFacts } from './file-facts.js';

const setupModulesOf = new WeakMap<readonly ModuleCalls[], (module: string) => boolean>();

function importsSetupModule(file: FileFacts, setups: readonly ModuleCalls[]): boolean {
  let matches = setupModulesOf.get(setups);
  if (!matches) {
    matches = moduleMatcher(setups.map((s) => s.module));
    setupModulesOf.set(setups, matches);
  }
  for (const module of file.importedModules) if (matches(module)) return true;
  return false;
}

/**
 * Does this file register tracing instrumentation for its process (`new NodeSDK({…})`,
 * `registerInstrumentations(…)`, `registerOTel(…)`, `traceloop.initialize(…)`)? The calls are the
 * catalog's `observability.instrumentationSetups`.
 */
export function registersInstrumentation(file: FileFacts): boolean {
  const setups = file.classifier.observability.instrumentationSetups;
  if (setups.length === 0 || !importsSetupModule(file, setups)) return false;
  for (const call of [...file.index.calls, ...file.index.newExpressions]) {
    if (!file.mayCall(setups, call)) continue;
    const origin = file.originOf(call.expression);
    if (origin && file.classifier.matches(setups, origin)) return true;
  }
  return false;
}
