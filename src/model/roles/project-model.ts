import type { ProjectManifests } from '../graph/manifests.js';
import { buildModuleGraph, type ModuleGraph } from '../graph/module-graph.js';
import { nearest } from '../graph/resolve.js';
import type { ModuleFacts } from '../graph/module-facts.js';
import { buildSummaries, type FunctionSummaries } from '../summaries/summaries.js';
import { assignRoles, type RoleOverrides } from './assign.js';
import { createLineRoles } from './shared-code.js';
import type { FileModelFacts } from './file-model-facts.js';
import { ROLES, type FileRole, type Role, type RolesCatalog } from './types.js';
import { createUnreachedExports, type ExportedKind } from './unreached-exports.js';
import { createMountedRouters } from './mounted-routers.js';

/** What the whole project knows once every file was seen: computed once, on the main thread. */
export interface ProjectModel {
  readonly graph: ModuleGraph;
  /** The role of an audited file (root-relative path); undefined for files that are not audited sources. */
  roleOf(file: string): FileRole | undefined;
  /** The role of one line: the file's, except browser-only code in a module shared by server and browser (shared-code.ts). */
  roleAt(file: string, line: number): FileRole | undefined;
  /** Every audited file's role, sorted by path. */
  readonly roles: readonly ({ readonly file: string } & FileRole)[];
  /** How many audited files have each role. */
  readonly roleCounts: Readonly<Record<Role, number>>;
  /** Function summaries over the project call graph, computed on first use. */
  summaries(): FunctionSummaries;
  /** Does this exported declaration of a file run for nobody (unreached-exports.ts)? */
  runsForNobody(file: string, name: string, kind: ExportedKind): boolean;
  /** Is the router a file exports under one of these names mounted somewhere, and everywhere with nothing in front that authenticates or may? */
  mountedOnlyOpen(file: string, names: readonly string[]): boolean;
}

/** What the model needs to know beyond the files' own facts (from their summaries). */
export interface ProjectModelOptions {
  /** See SummaryOptions.privateInPractice. */
  readonly privateInPractice?: (file: string, key: string, internal: boolean) => boolean;
  /** Does an audited file other than this one use the name? Without it, every name counts as used elsewhere. */
  readonly usedElsewhere?: (name: string, file: string) => boolean;
  /** See SummaryOptions.publishedLibrary. */
  readonly publishedLibrary?: (file: string) => boolean;
  /** See SummaryOptions.dependencyMajor. */
  readonly dependencyMajor?: (file: string, module: string) => number | undefined;
}

export interface ProjectModelInput extends ProjectModelOptions {
  readonly files: readonly FileModelFacts[];
  readonly manifests: ProjectManifests;
  readonly catalog: RolesCatalog;
  readonly overrides?: RoleOverrides;
}

/** A pure function of the files' facts plus the manifests, so shards and caches reproduce it exactly. */
export function buildProjectModel(input: ProjectModelInput): ProjectModel {
  const files = [...input.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const graph = buildModuleGraph(new Map<string, ModuleFacts>(files.map((f) => [f.path, f.module])), input.manifests);
  const roles = assignRoles(files, graph, input.manifests, input.catalog, input.overrides);
  const roleCounts = Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<Role, number>;
  for (const { role } of roles.values()) roleCounts[role]++;
  let summaries: FunctionSummaries | undefined;
  // A test's calls by name run in no deployment: they do not make a method's production callers unknown.
  const summaryInput = (f: FileModelFacts) => {
    const looseNames = roles.get(f.path)?.role === 'test' ? [] : f.looseNames;
    return { path: f.path, functions: f.functions ?? [], ...(looseNames ? { looseNames } : {}), ...(f.valueRefs ? { valueRefs: f.valueRefs } : {}) };
  };
  const summariesOf = (): FunctionSummaries => (summaries ??= buildSummaries(files.map(summaryInput), graph, { userFacing: (file) => roles.get(file)?.role === 'browser', ...(input.privateInPractice ? { privateInPractice: input.privateInPractice } : {}), ...(input.publishedLibrary ? { publishedLibrary: input.publishedLibrary } : {}), ...(input.dependencyMajor ? { dependencyMajor: input.dependencyMajor } : {}) }));
  return {
    graph,
    summaries: summariesOf,
    roleOf: (file) => roles.get(file),
    roleAt: createLineRoles(files, graph, roles, summariesOf),
    roles: files.map((f) => ({ file: f.path, ...(roles.get(f.path) as FileRole) })),
    roleCounts,
    mountedOnlyOpen: createMountedRouters(files, graph),
    runsForNobody: createUnreachedExports(files, graph, roles, input.usedElsewhere ?? (() => true), (file) => nearest(input.manifests.packages, file, input.manifests.rootTail)?.dir),
  };
}
