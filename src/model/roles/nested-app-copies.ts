import type { FileModelFacts } from './file-model-facts.js';
import type { FileRole, RolesCatalog } from './types.js';

type Matcher = (path: string) => boolean;

interface Framework {
  readonly convention: RolesCatalog['frameworks'][number];
  readonly matches: Matcher;
  readonly dependsOn: Matcher;
}

/**
 * Files laid out like a framework's app (packageRootOnly conventions) below the root of a package
 * whose own app the framework serves: `lib/course/stage-1/project/app/api/chat/route.ts` beside the
 * package's `app/`. The framework never serves them; they are an app's copy kept as material.
 */
export function nestedAppCopies(
  files: readonly FileModelFacts[],
  frameworks: readonly Framework[],
  roles: ReadonlyMap<string, FileRole>,
  relative: (file: string) => { readonly path: string; readonly dependencies: readonly string[] },
  packageOf: (file: string) => unknown,
): Map<string, FileRole> {
  const found = new Map<string, FileRole>();
  const rootOnly = frameworks.filter((f) => f.convention.packageRootOnly);
  if (rootOnly.length === 0) return found;
  const servesApp = (file: string, role: FileRole): boolean => role.evidence.kind === 'framework' && rootOnly.some((f) => f.matches(relative(file).path));
  const servedPackages = new Set([...roles].filter(([file, role]) => servesApp(file, role)).map(([file]) => packageOf(file)));
  for (const facts of files) {
    if (roles.has(facts.path) || !servedPackages.has(packageOf(facts.path))) continue;
    const { path, dependencies } = relative(facts.path);
    const segments = path.split('/');
    for (let i = 1; i < segments.length - 1; i++) {
      const rest = segments.slice(i).join('/');
      const framework = rootOnly.find((f) => f.matches(rest) && dependencies.some((d) => f.dependsOn(d)));
      if (!framework) continue;
      const copy = segments.slice(0, i).join('/');
      found.set(facts.path, { role: 'example', evidence: { kind: 'path', detail: `${framework.convention.framework} serves ${rest} only at its package's root: ${copy}/ holds a copy of an app` } });
      break;
    }
  }
  return found;
}
