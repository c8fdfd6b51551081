import type { ModuleGraph } from '../graph/module-graph.js';
import type { FileModelFacts } from './file-model-facts.js';

/**
 * Files shaped as programs someone runs by hand, each with what shows it: a file that starts its own
 * main() and calls process.exit, or one that hands its inline program to an imported runner that runs it
 * and ends the process (`run(async () => { … })` with `run` from lib/run.ts). Whether anything imports
 * or starts them is decided by the caller.
 */
export function handRunPrograms(files: readonly FileModelFacts[], graph: ModuleGraph): Map<string, string> {
  const runnersIn = new Map(files.flatMap((f) => (f.signals.programRunners ? [[f.path, new Set(f.signals.programRunners)] as const] : [])));
  const programs = new Map<string, string>();
  for (const facts of files) {
    if (facts.signals.standaloneProgram) {
      programs.set(facts.path, 'runs its own main() and calls process.exit');
      continue;
    }
    const local = facts.signals.inlineProgramRunner;
    const origin = local === undefined || runnersIn.size === 0 ? undefined : graph.resolveImport(facts.path, local);
    if (origin && runnersIn.get(origin.file)?.has(origin.name)) programs.set(facts.path, `hands its program to ${origin.name}() of ${origin.file}, which runs it and ends the process`);
  }
  return programs;
}
