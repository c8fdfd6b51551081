import { createServedPaths } from './served-routes.js';
import { globToRegExp, moduleMatcher, pathMatchesAnyGlob } from '../catalog/matcher.js';
import type { FileFacts } from './file-facts.js';
import { ANY_BACKEND, vectorBackend } from '../domain/vector-stores/backend.js';
import { collectInventory } from '../inventory/collect.js';
import type { Inventory } from '../inventory/types.js';
import { exportedHelperKeys } from './cross-file-helpers.js';
import { retriesItsWork } from '../domain/http/retry.js';
import { fallbackDispatchedMaps } from '../domain/http/fallback-dispatch.js';
import { functionMapsOf } from './function-maps.js';
import { modelDispatchedMaps } from '../domain/tools/model-dispatch.js';
import { basedRouterPaths } from '../domain/routes/based-router-paths.js';
import { memberNames, referencedNames } from './referenced-names.js';
import { moduleIdentities } from './build-copies.js';
import { isComponentFile } from '../project/component-files.js';
import { countInstructionTexts } from '../domain/prompts/instruction-text.js';
import { declaresOwnTracing, hasEvalPlumbing } from '../domain/observability/plumbing-names.js';
import { registersInstrumentation } from './instrumentation-setup.js';
import { definedTools } from '../domain/tools/tool-definitions.js';
import { agentOptionApprovals, isApprovedTool } from '../domain/tools/agent-approval.js';
import { relaysToolDefinitions } from '../domain/tools/relayed-tools.js';
import { exportsMiddleware, matchersCover, middlewareMatchers } from '../domain/routes/middleware-matcher.js';

/**
 * Facts about the whole project. Files are analysed one at a time and released (holding every AST
 * doubles parse time in GC), so rules cannot read these while checking a file: a finding that depends
 * on the rest of the project carries an `unless` condition, evaluated once every file was seen.
 */
export interface ProjectFacts {
  /** Does any audited file import (or the package manifest depend on) a module matching one of these globs? */
  importsModule(globs: readonly string[]): boolean;
  /** LLM generation calls, in file order (where project rules attach findings). */
  readonly llmCalls: readonly LlmCallLocation[];
  /** Does any audited file delete from this vector-store backend (or from one it cannot name)? */
  deletesFromVectorStore(backend: string): boolean;
  /** Is this project helper (see project-helpers.ts) a function that retries what it is given? */
  isRetryHelper(key: string): boolean;
  /** Is one of these project functions kept in a map whose dispatcher goes on to the next member, or tries again, when a call fails (see fallback-dispatch.ts)? */
  isFallbackDispatched(keys: readonly string[]): boolean;
  /** Some file runs the members of this map (by helper key) by a name the model chose. */
  isModelDispatched(map: string): boolean;
  /** Do an agent's options in some file hold a tool of this name (null: unnamed) for a person's approval (`interruptOn`)? */
  approvesTool(name: string | null): boolean;
  /** Is some audited file's path (relative to the root) matched by one of these globs? */
  hasFile(globs: readonly string[]): boolean;
  /** Is there a file matched by these globs (a Next.js middleware.ts) whose matcher covers this request path? */
  middlewareCovers(globs: readonly string[], path: string): boolean;
  /** Does a route handler of the project serve this request path (`/trpc/lambda/*`)? See served-routes.ts. */
  servesPath(path: string): boolean;
  /** Is the package a published library (its callers own the data it writes and the policies around it)? */
  readonly isLibrary: boolean;
  /**
   * Does a manifest say the package is an application (private, or no entry point to import)? Then every
   * caller of its functions is in the project. Without a manifest neither this nor isLibrary holds.
   */
  readonly isApplication: boolean;
  /** Does the package install a command (`bin`), so that it runs as a program of its own? */
  readonly isExecutable: boolean;
  /** Files holding instruction text the project wrote for a model (system prompts, templates), in file order. */
  readonly promptFiles: readonly string[];
  /** Files defining agent tools of their own (not copies of tools defined elsewhere), in file order. */
  readonly toolFiles: readonly string[];
  /** Files with evaluation plumbing (eval-run ids, eval modes, evaluation runners). */
  readonly evalPlumbingFiles: readonly string[];
  /** Files declaring a recorder of agent steps or model interactions of the project's own (domain/observability/plumbing-names.ts). */
  readonly ownTracingFiles: readonly string[];
  /**
   * Is this npm package the project's own: named like one of the audited packages, or in the npm scope
   * of one (`@acme/docs-server` beside `@acme/cli`, or beside an unscoped `acme`)?
   */
  isOwnPackage(name: string): boolean;
  /** Does some audited file register tracing instrumentation for its process (see instrumentation-setup.ts)? */
  readonly registersInstrumentation: boolean;
  /**
   * The same facts over every package of the audited workspace: what one package sets up for the
   * processes that run them all (tracing registered in an observability package). Itself for a single package.
   */
  readonly workspace: ProjectFacts;
  /** Does any file of the whole project (every package) use this name other than where it is declared? See referenced-names.ts. */
  isReferenced(name: string): boolean;
  /** Does any file of the whole project name this as a member (`x.name`, `{ name } = x`, a string)? The only ways to reach a class's method. */
  isNamedAsMember(name: string): boolean;
}

export interface LlmCallLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly client: string;
}

/** What one file contributes to the project facts: small, so it outlives the file's AST. */
export interface FileSummary {
  /** Relative to the audit root. */
  readonly path: string;
  readonly modules: readonly string[];
  readonly llmCalls: readonly LlmCallLocation[];
  readonly inventory: Inventory;
  /** Vector-store backends this file deletes from ('*' when the backend cannot be named). */
  readonly vectorDeletes: readonly string[];
  /** Keys of the exported functions that retry in a loop. */
  readonly retryHelpers: readonly string[];
  /** Maps of functions the file defines (by helper key, with their members' keys), and maps it calls members of from a fallback loop (absent in outcomes stored before these facts existed). */
  readonly functionMaps?: readonly { readonly map: string; readonly members: readonly string[] }[];
  readonly fallbackMaps?: readonly string[];
  /** Maps of functions the file runs members of by a name the model chose (domain/tools/model-dispatch.ts): their members are tools. */
  readonly toolMaps?: readonly string[];
  /** Tools an agent's options in the file hold for a person's approval, normalised ('*': all; domain/tools/agent-approval.ts). */
  readonly approvedTools?: readonly string[];
  /** Full paths of routes a router declares on a base path it names (absent when none, or in outcomes stored before this fact existed). */
  readonly routerPaths?: readonly string[];
  /** How many literals read as instructions written for a model (domain/prompts/instruction-text.ts). */
  readonly instructionTexts: number;
  readonly evalPlumbing: boolean;
  /** The file declares a recorder of agent steps or model interactions of its own (absent when not, or in outcomes stored before this fact existed). */
  readonly ownTracing?: true;
  /** The file registers tracing instrumentation (absent in outcomes stored before this fact existed). */
  readonly registersInstrumentation?: boolean;
  /** Of the file's tool definitions, how many copy tools defined elsewhere (domain/tools/relayed-tools.ts); absent when none. */
  readonly relayedTools?: number;
  /** Names the file uses other than where it declares them (referenced-names.ts). */
  readonly referencedNames?: readonly string[];
  /** Of those, the names used where only a member can be meant (referenced-names.ts memberNames); absent in outcomes stored before this fact existed. */
  readonly memberNames?: readonly string[];
  /** Some names the file uses could not be read (a component's markup): any name may be used. */
  readonly namesUnknown?: true;
  /** A Next.js middleware file's matchers (middleware-matcher.ts); absent when it runs on every path, or for other files. */
  readonly middlewareMatchers?: readonly string[];
  /** A file named like a Next.js middleware that exports no middleware (a helper module); absent in outcomes stored before this fact existed. */
  readonly notMiddleware?: true;
}

export function summariseFile(file: FileFacts): FileSummary {
  const deletes = file.callSites.filter((site) => site.entry.kind === 'vector-store' && site.operation === 'delete').map(vectorBackend);
  const llmCalls = file.callSites
    .filter((site) => site.entry.kind === 'llm' && site.operation === 'generate')
    .map((site) => {
      const { line, character } = file.sourceFile.getLineAndCharacterOfPosition(site.node.getStart(file.sourceFile));
      return { file: file.path, line: line + 1, column: character + 1, client: site.entry.id };
    });
  const inventory = collectInventory(file);
  const relayed = inventory.tools.length === 0 ? 0 : [...definedTools(file)].filter((tool) => relaysToolDefinitions(tool.call, file)).length;
  return {
    path: file.path,
    modules: [...file.importedModules],
    llmCalls,
    inventory,
    ...(relayed > 0 ? { relayedTools: relayed } : {}),
    vectorDeletes: [...new Set(deletes)],
    retryHelpers: exportedHelperKeys(file, (fn) => retriesItsWork(fn, file)),
    ...withItems('functionMaps', functionMapsOf(file).map((m) => ({ map: m.key, members: m.entries.map((e) => e.key) }))),
    ...withItems('fallbackMaps', fallbackDispatchedMaps(file)),
    ...withItems('toolMaps', modelDispatchedMaps(file)),
    ...withItems('approvedTools', agentOptionApprovals(file)),
    ...withItems('routerPaths', basedRouterPaths(file)),
    instructionTexts: countInstructionTexts(file),
    evalPlumbing: hasEvalPlumbing(file),
    ...(declaresOwnTracing(file) ? { ownTracing: true as const } : {}),
    ...(registersInstrumentation(file) ? { registersInstrumentation: true } : {}),
    ...withItems('middlewareMatchers', middlewareMatchers(file) ?? []),
    ...(pathMatchesAnyGlob(file.path, file.classifier.endpointAuth.nextMiddlewareFiles) && !exportsMiddleware(file) ? { notMiddleware: true as const } : {}),
    // A component's markup (Svelte, Vue, Astro) was blanked before parsing: names it uses are unknown.
    ...(isComponentFile(file.path) ? { namesUnknown: true as const } : { referencedNames: referencedNames(file.sourceFile), memberNames: memberNames(file.sourceFile) }),
  };
}

/** `{ key: items }` when there are items: most files have none, and their summaries stay small. */
function withItems<K extends string, T>(key: K, items: readonly T[]): Partial<Record<K, readonly T[]>> {
  return items.length > 0 ? ({ [key]: items } as Partial<Record<K, readonly T[]>>) : {};
}

/** Each name with the one module that uses it, or null once a second one does. */
type NameUsers = Map<string, string | null>;

function addUses(users: NameUsers, names: readonly string[], module: string): void {
  for (const name of names) {
    const user = users.get(name);
    if (user === undefined) users.set(name, module);
    else if (user !== module) users.set(name, null);
  }
}

const usedOnlyIn = (users: NameUsers, name: string, module: string): boolean => {
  const user = users.get(name);
  return user === undefined || user === module;
};

/**
 * Every name some file of the project uses: one set for all packages (a workspace package's method may be
 * called from another). The copies of a module a dual build ships count as one (build-copies.ts).
 */
export function projectNames(summaries: readonly FileSummary[]): ProjectNames {
  const names: NameUsers = new Map();
  const members: NameUsers = new Map();
  const moduleOf = moduleIdentities(summaries.map((s) => ({ path: s.path, names: s.referencedNames ?? [] })));
  let unknown = false;
  for (const summary of summaries) {
    // A summary without names (a component's markup, an outcome stored by an older version): any name may be used.
    if (summary.namesUnknown || summary.referencedNames === undefined) unknown = true;
    addUses(names, summary.referencedNames ?? [], moduleOf(summary.path));
    addUses(members, summary.memberNames ?? summary.referencedNames ?? [], moduleOf(summary.path));
  }
  return {
    has: (name) => unknown || names.has(name),
    usedOnlyIn: (name, file) => !unknown && usedOnlyIn(names, name, moduleOf(file)),
    namedAsMember: (name) => unknown || members.has(name),
    memberNamedOnlyIn: (name, file) => !unknown && usedOnlyIn(members, name, moduleOf(file)),
  };
}

/** The names used anywhere in the project; `has` answers yes for every name when some file's names are unknown. */
export interface ProjectNames {
  has(name: string): boolean;
  /** Does no file other than this one (or a copy of it in a dual build, build-copies.ts) use the name? */
  usedOnlyIn(name: string, file: string): boolean;
  /** Does some file name it where only a member can be meant (`x.name`, `{ name } = x`, a string)? A class's method can be reached by no other use. */
  namedAsMember(name: string): boolean;
  /** Does no file other than this one (or a copy of it in a dual build) name it as a member? */
  memberNamedOnlyIn(name: string, file: string): boolean;
}

/** `@acme/cli` → `acme`; an unscoped `acme` is its own scope. */
const npmScope = (name: string): string => (name.startsWith('@') ? name.slice(1).split('/')[0] ?? name : name);

/** What the facts of one package need to know beyond its files' summaries. */
export interface ProjectFactsOptions {
  /** `dependencies` of the package manifests: they count as imports (a tracing SDK loaded by config). */
  readonly dependencies?: readonly string[];
  readonly isLibrary?: boolean;
  readonly isApplication?: boolean;
  readonly isExecutable?: boolean;
  /** Every audited package's name (isOwnPackage). */
  readonly packageNames?: readonly string[];
  /** The names used anywhere in the project (projectNames); by default those of these summaries. */
  readonly names?: ProjectNames;
  /** The facts of the whole audited workspace, when this is one package of it. */
  readonly workspace?: ProjectFacts;
}

export function computeProjectFacts(summaries: readonly FileSummary[], options: ProjectFactsOptions = {}): ProjectFacts {
  const { dependencies = [], isLibrary = false, isApplication = false, isExecutable = false, packageNames = [], workspace } = options;
  const names = options.names ?? projectNames(summaries);
  const modules = new Set([...summaries.flatMap((s) => s.modules), ...dependencies]);
  const deletes = new Set(summaries.flatMap((s) => s.vectorDeletes));
  const retryHelpers = new Set(summaries.flatMap((s) => s.retryHelpers));
  const fallbackMaps = new Set(summaries.flatMap((s) => s.fallbackMaps ?? []));
  const fallbackMembers = new Set(summaries.flatMap((s) => (s.functionMaps ?? []).filter((m) => fallbackMaps.has(m.map)).flatMap((m) => m.members)));
  const approvedTools = new Set(summaries.flatMap((s) => s.approvedTools ?? []));
  const toolMaps = new Set(summaries.flatMap((s) => s.toolMaps ?? []));
  // Asked once per finding or tally that carries a condition, each answer a scan of the whole project:
  // remembered per glob list, so settling stays linear in the number of files.
  const imported = new Map<string, boolean>();
  const present = new Map<string, boolean>();
  const middlewares = new Map<string, readonly FileSummary[]>();
  const covered = new Map<string, boolean>();
  let served: ((path: string) => boolean) | undefined;
  const ownNames = new Set(packageNames);
  const ownScopes = new Set(packageNames.map(npmScope));
  const facts: ProjectFacts = {
    isLibrary,
    isApplication,
    isExecutable,
    registersInstrumentation: summaries.some((s) => s.registersInstrumentation === true),
    get workspace() {
      return workspace ?? facts;
    },
    isOwnPackage: (name) => ownNames.has(name) || (name.startsWith('@') && ownScopes.has(npmScope(name))),
    promptFiles: summaries.filter((s) => s.instructionTexts > 0).map((s) => s.path),
    // A file whose every tool copies one defined elsewhere (a bridge relaying its host's tools) defines none of its own.
    toolFiles: summaries.filter((s) => s.inventory.tools.length > (s.relayedTools ?? 0)).map((s) => s.path),
    evalPlumbingFiles: summaries.filter((s) => s.evalPlumbing).map((s) => s.path),
    ownTracingFiles: summaries.filter((s) => s.ownTracing === true).map((s) => s.path),
    isReferenced: (name) => names.has(name),
    isNamedAsMember: (name) => names.namedAsMember(name),
    importsModule: (globs) => {
      const key = globs.join('\n');
      let answer = imported.get(key);
      if (answer === undefined) {
        const matches = moduleMatcher(globs);
        answer = false;
        for (const module of modules) {
          if (matches(module)) {
            answer = true;
            break;
          }
        }
        imported.set(key, answer);
      }
      return answer;
    },
    llmCalls: summaries.flatMap((s) => s.llmCalls),
    deletesFromVectorStore: (backend) => deletes.size > 0 && (backend === ANY_BACKEND || deletes.has(backend) || deletes.has(ANY_BACKEND)),
    isRetryHelper: (key) => retryHelpers.has(key),
    servesPath: (path) => (served ??= createServedPaths(summaries.map((s) => s.path), summaries.flatMap((s) => s.routerPaths ?? [])))(path),
    isFallbackDispatched: (keys) => keys.some((key) => fallbackMembers.has(key)),
    isModelDispatched: (map) => toolMaps.has(map),
    approvesTool: (name) => isApprovedTool(name, approvedTools),
    middlewareCovers: (globs, path) => {
      // Asked once per route finding: the middleware files are found once per glob list, each answer kept.
      const key = `${globs.join('\n')}\0${path}`;
      let answer = covered.get(key);
      if (answer === undefined) {
        const filesKey = globs.join('\n');
        let found = middlewares.get(filesKey);
        if (!found) middlewares.set(filesKey, (found = summaries.filter((s) => s.notMiddleware !== true && pathMatchesAnyGlob(s.path, globs))));
        // No path (a server action posts to whatever page shows its form): any middleware counts.
        answer = found.some((s) => path === '' || matchersCover(s.middlewareMatchers, path));
        covered.set(key, answer);
      }
      return answer;
    },
    hasFile: (globs) => {
      const key = globs.join('\n');
      let answer = present.get(key);
      if (answer === undefined) {
        const patterns = globs.map(globToRegExp);
        answer = summaries.some((s) => patterns.some((pattern) => pattern.test(s.path)));
        present.set(key, answer);
      }
      return answer;
    },
  };
  return facts;
}
