import type { ModuleGraph } from '../graph/module-graph.js';
import type { FileModelFacts } from './file-model-facts.js';

/**
 * Where each exported router is mounted, by the file that makes it and the name it is reached by
 * (its local declaration, or `default` / `*` for a module's default or whole export): whether each
 * mount has nothing in front of it that authenticates or may.
 */
export function createMountedRouters(files: readonly FileModelFacts[], graph: ModuleGraph): (file: string, names: readonly string[]) => boolean {
  let mounts: Map<string, boolean[]> | undefined;
  const index = (): Map<string, boolean[]> => {
    const found = new Map<string, boolean[]>();
    for (const f of files) {
      for (const mount of f.routerMounts ?? []) {
        const origin = graph.resolveImport(f.path, mount.local);
        if (!origin) continue;
        const key = `${origin.file}#${origin.name}`;
        found.set(key, [...(found.get(key) ?? []), mount.open]);
      }
    }
    return found;
  };
  return (file, names) => {
    mounts ??= index();
    const open = names.flatMap((name) => mounts?.get(`${file}#${name}`) ?? []);
    return open.length > 0 && open.every(Boolean);
  };
}
