import { createClassifier } from '../catalog/matcher.js';
import { computeFileFacts } from '../model/file-facts.js';
import { clientModuleResolver, importedClientLookup, type AnalysedCatalog } from '../model/imported-clients.js';
import type { OriginResolver } from '../model/origin.js';
import { computeProjectFacts, projectNames, summariseFile, type FileSummary, type ProjectFacts, type ProjectNames } from '../model/project-facts.js';
import { conditionHolds, type ProjectCondition } from '../model/project-conditions.js';
import type { Catalog } from '../catalog/types.js';
import { mergeInventories, type Inventory } from '../inventory/types.js';
import type { DiscoveredFile } from '../project/discover.js';
import { createParser } from '../project/parse.js';
import type { DiagnosticMessage, Finding, ParseError, SkippedFile } from '../types.js';
import type { Rule } from './rule.js';
import { extractFileModelFacts, type FileModelFacts } from '../model/roles/file-model-facts.js';
import { rolesFromOwnEvidence } from '../model/roles/own-evidence-roles.js';
import type { ProjectModel, ProjectModelOptions } from '../model/roles/project-model.js';
import type { Role } from '../model/roles/types.js';
import { isStackOverflow } from './stack-overflow.js';
import { emptyOutcome } from './file-outcomes.js';
import { runRulesOnFile, type CheckedTally, type PendingFinding, type RuleSetting } from './run-rules.js';

/** What analysing a run of files yields: plain data, so it can come back from a worker thread. */
export interface ChunkOutcome {
  readonly skipped: SkippedFile[];
  readonly unreadable: SkippedFile[];
  readonly notAudited: SkippedFile[];
  /** Files that overflowed this thread's stack: analysed again on a larger one (see parallel.ts). */
  readonly tooDeep: DiscoveredFile[];
  readonly parseErrors: ParseError[];
  readonly summaries: FileSummary[];
  readonly pending: PendingFinding[];
  readonly diagnostics: DiagnosticMessage[];
  readonly checked: CheckedTally[];
  /** Each file's module links and role signals, for the project model. */
  readonly modelFacts: FileModelFacts[];
}

/** How the project model is built from all files' facts and which roles each rule judges. */
export interface RoleJudging {
  buildModel(files: readonly FileModelFacts[], options?: ProjectModelOptions): ProjectModel;
  judges(ruleId: string, role: Role): boolean;
}

/** Which package a file belongs to: files of one package share project facts and project-level rules. */
export interface PackageScope {
  readonly key: string;
  /** The package manifest's dependencies, which count as imports. */
  readonly dependencies: readonly string[];
  /** The package is a published library (see PackageManifest.library). */
  readonly library?: boolean;
  /** A manifest governs the package and says it is no library: an application, whose callers are all in the project. */
  readonly application?: boolean;
  /** The package installs a command (see PackageManifest.executable). */
  readonly executable?: boolean;
  /** The package manifest's name. */
  readonly name?: string;
  /** The major version of each dependency whose range names one (`^5.0.1`, `~4.2`, `6`). */
  readonly dependencyMajors?: Readonly<Record<string, number>>;
}

export interface PackageFacts {
  readonly key: string;
  readonly project: ProjectFacts;
}

export interface AnalysisOutcome {
  readonly model?: ProjectModel;
  /** Project facts per package, in order of each package's first file. */
  readonly packages: readonly PackageFacts[];
  readonly inventory: Inventory;
  readonly filesAudited: number;
  readonly skipped: readonly SkippedFile[];
  readonly unreadable: readonly SkippedFile[];
  readonly notAudited: readonly SkippedFile[];
  readonly parseErrors: readonly ParseError[];
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly DiagnosticMessage[];
  readonly checked: ReadonlyMap<string, number>;
}

/** Hands on the outcome of every `size` files as soon as they are done (see analyseChunk). */
export interface BatchListener {
  readonly size: number;
  readonly onBatch: (outcome: ChunkOutcome) => void;
}

/**
 * Parse → facts → rules, one file at a time; each AST is dropped as soon as its rules ran, so memory
 * stays bounded and the garbage collector stays cheap. With `batches`, the outcome is handed on every
 * few files and only the rest is returned: a worker then holds no more than a batch of results.
 */
export function analyseChunk(
  /** A list, or files taken one by one from a queue shared with other threads. */
  files: Iterable<DiscoveredFile>,
  rules: readonly Rule[],
  settings: ReadonlyMap<string, RuleSetting>,
  catalog: AnalysedCatalog,
  /** On the largest stack there is: an overflow now means the file is listed as not audited. */
  lastResort = false,
  batches?: BatchListener,
): ChunkOutcome {
  const classifier = createClassifier(catalog);
  const parse = createParser();
  const projectClients = catalog.projectClients;
  const clientResolver = projectClients ? clientModuleResolver(projectClients) : undefined;
  const importedValue = (path: string) => (projectClients && clientResolver ? importedClientLookup(path, projectClients, clientResolver) : undefined);
  const knownRuleIds = new Set(rules.map((r) => r.id));
  let outcome = emptyOutcome();
  let inBatch = 0;
  for (const file of files) {
    try {
      analyseOneFile(file, outcome, { parse, classifier, catalog, rules, settings, knownRuleIds, importedValue });
    } catch (error) {
      // A parser or walker overflow is this file's problem, never the whole audit's.
      if (!isStackOverflow(error)) throw error;
      if (lastResort) outcome.notAudited.push({ path: file.path, reason: TOO_DEEP });
      else outcome.tooDeep.push(file);
    }
    if (batches && ++inBatch >= batches.size) {
      batches.onBatch(outcome);
      outcome = emptyOutcome();
      inBatch = 0;
    }
  }
  return outcome;
}

export const TOO_DEEP = 'nested too deeply to parse and analyse (stack overflow even on a large stack)';

interface FileContext {
  readonly parse: ReturnType<typeof createParser>;
  readonly classifier: ReturnType<typeof createClassifier>;
  readonly catalog: Catalog;
  readonly rules: readonly Rule[];
  readonly settings: ReadonlyMap<string, RuleSetting>;
  readonly knownRuleIds: ReadonlySet<string>;
  /** What the imports of a file name among the project's exported clients (imported-clients.ts). */
  readonly importedValue: (path: string) => OriginResolver['importedValue'];
}

/** Everything for one file is computed before any of it is kept, so an overflow midway leaves no half results. */
function analyseOneFile(file: DiscoveredFile, outcome: ChunkOutcome, context: FileContext): void {
  const loaded = context.parse(file);
  if (loaded.kind === 'skipped') return void outcome.skipped.push(loaded.skipped);
  if (loaded.kind === 'unreadable') return void outcome.unreadable.push(loaded.skipped);
  if (loaded.kind === 'not-audited') return void outcome.notAudited.push(loaded.skipped);
  const facts = computeFileFacts(file.path, loaded.sourceFile, context.classifier, context.importedValue(file.path));
  const summary = summariseFile(facts);
  const modelFacts = extractFileModelFacts(file.path, loaded.sourceFile, context.catalog.roles, facts);
  const possibleRoles = rolesFromOwnEvidence(file.path, modelFacts.signals, context.catalog.roles);
  const result = runRulesOnFile(facts, context.rules, context.settings, context.knownRuleIds, possibleRoles);
  if (loaded.parseError) outcome.parseErrors.push(loaded.parseError);
  outcome.summaries.push(summary);
  outcome.modelFacts.push(modelFacts);
  // One at a time: a file with 300,000 findings would overflow push(...spread)'s argument list.
  for (const finding of result.findings) outcome.pending.push(finding);
  for (const diagnostic of result.diagnostics) outcome.diagnostics.push(diagnostic);
  for (const tally of result.checked) outcome.checked.push(tally);
}

const byPath = <T>(path: (item: T) => string) => (a: T, b: T): number => {
  const x = path(a);
  const y = path(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

const SINGLE_PACKAGE: PackageScope = { key: '', dependencies: [] };

/** Project facts for each package, from the summaries of its files (a monorepo package is judged on its own). */
function packageFacts(summaries: readonly FileSummary[], scopeOf: (path: string) => PackageScope, names: ProjectNames): { packages: PackageFacts[]; factsOf: (path: string) => ProjectFacts } {
  const groups = new Map<string, { scope: PackageScope; summaries: FileSummary[] }>();
  for (const summary of summaries) {
    const scope = scopeOf(summary.path);
    const group = groups.get(scope.key) ?? { scope, summaries: [] };
    group.summaries.push(summary);
    groups.set(scope.key, group);
  }
  // The names of every audited package: a package launching one of them (or one of their scope) runs its own code.
  const packageNames = [...groups.values()].flatMap((g) => g.scope.name ?? []);
  // A monorepo's packages run together: what one sets up for the process (tracing) is seen by all.
  const workspace = groups.size > 1 ? computeProjectFacts(summaries, { dependencies: [...new Set([...groups.values()].flatMap((g) => g.scope.dependencies))], packageNames, names }) : undefined;
  const packages = [...groups.values()].map((g) => ({
    key: g.scope.key,
    project: computeProjectFacts(g.summaries, { dependencies: g.scope.dependencies, isLibrary: g.scope.library ?? false, isApplication: g.scope.application ?? false, isExecutable: g.scope.executable ?? false, packageNames, names, workspace }),
  }));
  const byKey = new Map(packages.map((p) => [p.key, p.project]));
  const empty = computeProjectFacts([], { packageNames, names });
  return { packages, factsOf: (path) => byKey.get(scopeOf(path).key) ?? empty };
}

/** Endpoints whose handler drives the agent through project functions, known now every file was seen. */
function settleEndpoints(inventory: Inventory, holds: (condition: ProjectCondition | undefined, file: string) => boolean): Inventory {
  const endpoints = inventory.endpoints.map(({ drivesAgentIf, ...endpoint }) => (drivesAgentIf && holds(drivesAgentIf, endpoint.file) ? { ...endpoint, drivesAgent: true } : endpoint));
  return { ...inventory, endpoints };
}

/** Inventory items labelled with the role of the file they are in. */
function withRoles(inventory: Inventory, model: ProjectModel): Inventory {
  const label = <T extends { readonly file: string }>(items: readonly T[]): T[] => items.map((item) => {
    const role = model.roleOf(item.file)?.role;
    return role ? { ...item, codeRole: role } : item;
  });
  return { models: label(inventory.models), prompts: label(inventory.prompts), tools: label(inventory.tools), vectorStores: label(inventory.vectorStores), mcpServers: label(inventory.mcpServers), endpoints: label(inventory.endpoints) };
}

/**
 * Joins chunk outcomes, builds the project model, and settles findings that depend on the rest of
 * their package: withdrawn when a project condition holds, or when the rule does not judge the file's
 * role (then its sites do not count either).
 */
export function settle(chunks: readonly ChunkOutcome[], scopeOf: (path: string) => PackageScope = () => SINGLE_PACKAGE, roles?: RoleJudging): AnalysisOutcome {
  // File order, whichever thread or retry analysed a file: results must not depend on where it ran.
  const summaries = chunks.flatMap((c) => c.summaries).sort(byPath((s) => s.path));
  const names = projectNames(summaries);
  const { packages, factsOf } = packageFacts(summaries, scopeOf, names);
  // A method of an application no other file names, called only through `this`: its callers are all seen.
  // A published library's users may call its public methods, unless the class is one its file keeps to itself
  // or the method's name marks it as internal.
  const privateInPractice = (file: string, key: string, internal: boolean): boolean => (internal || !scopeOf(file).library) && names.memberNamedOnlyIn(key.slice(key.lastIndexOf('.') + 1), file);
  const usedElsewhere = (name: string, file: string): boolean => !names.usedOnlyIn(name, file);
  const model = roles?.buildModel(chunks.flatMap((c) => c.modelFacts).sort(byPath((f) => f.path)), { privateInPractice, usedElsewhere, publishedLibrary: (file) => scopeOf(file).library === true, dependencyMajor: (file, module) => scopeOf(file).dependencyMajors?.[module] });
  const roleOf = (file: string | undefined, line?: number): Role | undefined => (file === undefined ? undefined : (line === undefined ? model?.roleOf(file) : model?.roleAt(file, line))?.role);
  const judged = (ruleId: string, file: string | undefined, line?: number): boolean => {
    const role = roleOf(file, line);
    return !roles || role === undefined || roles.judges(ruleId, role);
  };
  // Function summaries are built only when some condition asks about functions.
  const functionSummaries = () => model?.summaries();
  const holds = (condition: ProjectCondition | undefined, file: string): boolean => !!condition && conditionHolds(condition, factsOf(file), functionSummaries, model);
  const checked = new Map<string, number>();
  for (const chunk of chunks) {
    for (const tally of chunk.checked) {
      if (!holds(tally.unless, tally.file) && judged(tally.ruleId, tally.file)) checked.set(tally.ruleId, (checked.get(tally.ruleId) ?? 0) + tally.count);
    }
  }
  const findings: Finding[] = [];
  for (const chunk of chunks) {
    for (const p of chunk.pending) {
      if (holds(p.unless, p.finding.file) || !judged(p.finding.ruleId, p.finding.file, p.roleLine ?? p.finding.line)) continue;
      const role = roleOf(p.finding.file, p.roleLine ?? p.finding.line);
      findings.push(role ? { ...p.finding, role } : p.finding);
    }
  }
  const inventory = settleEndpoints(mergeInventories(summaries.map((s) => s.inventory)), holds);
  return {
    ...(model ? { model } : {}),
    packages,
    inventory: model ? withRoles(inventory, model) : inventory,
    filesAudited: summaries.length,
    skipped: chunks.flatMap((c) => c.skipped).sort(byPath((s) => s.path)),
    unreadable: chunks.flatMap((c) => c.unreadable).sort(byPath((s) => s.path)),
    notAudited: chunks.flatMap((c) => c.notAudited).sort(byPath((s) => s.path)),
    parseErrors: chunks.flatMap((c) => c.parseErrors).sort(byPath((s) => s.path)),
    findings,
    diagnostics: chunks.flatMap((c) => c.diagnostics).sort(byPath((d) => d.file)),
    checked,
  };
}
