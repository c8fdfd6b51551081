import { createClassifier } from '../analysis/classify.js';
import { computeFileFacts } from '../analysis/facts.js';
import { computeProjectFacts, conditionHolds, summariseFile, type FileSummary, type ProjectFacts } from '../analysis/project-facts.js';
import type { Catalog } from '../catalog/types.js';
import { mergeInventories, type Inventory } from '../analysis/inventory/types.js';
import type { DiscoveredFile } from '../project/discover.js';
import { createParser } from '../project/parse.js';
import type { DiagnosticMessage, Finding, ParseError, SkippedFile } from '../types.js';
import { extractFileModelFacts, type FileModelFacts } from '../model/roles/file-model-facts.js';
import type { ProjectModel } from '../model/roles/project-model.js';
import type { Role } from '../model/roles/types.js';
import type { Rule } from './rule.js';
import { runRulesOnFile, type CheckedTally, type PendingFinding, type RuleSetting } from './run-rules.js';

/** What analysing a run of files yields: plain data, so it can come back from a worker thread. */
export interface ChunkOutcome {
  readonly skipped: SkippedFile[];
  readonly unreadable: SkippedFile[];
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
  buildModel(files: readonly FileModelFacts[]): ProjectModel;
  judges(ruleId: string, role: Role): boolean;
}

export interface AnalysisOutcome {
  readonly model?: ProjectModel;
  readonly project: ProjectFacts;
  readonly inventory: Inventory;
  readonly filesAudited: number;
  readonly skipped: readonly SkippedFile[];
  readonly unreadable: readonly SkippedFile[];
  readonly parseErrors: readonly ParseError[];
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly DiagnosticMessage[];
  readonly checked: ReadonlyMap<string, number>;
}

/**
 * Parse → facts → rules, one file at a time (rules only for `reportOnly` files when given); each AST is dropped as soon as its rules ran, so memory
 * stays bounded and the garbage collector stays cheap.
 */
export function analyseChunk(
  files: readonly DiscoveredFile[],
  rules: readonly Rule[],
  settings: ReadonlyMap<string, RuleSetting>,
  catalog: Catalog,
  reportOnly?: ReadonlySet<string>,
): ChunkOutcome {
  const classifier = createClassifier(catalog);
  const parse = createParser();
  const knownRuleIds = new Set(rules.map((r) => r.id));
  const outcome: ChunkOutcome = { skipped: [], unreadable: [], parseErrors: [], summaries: [], pending: [], diagnostics: [], checked: [], modelFacts: [] };
  for (const file of files) {
    const loaded = parse(file);
    if (loaded.kind === 'skipped') outcome.skipped.push(loaded.skipped);
    else if (loaded.kind === 'unreadable') outcome.unreadable.push(loaded.skipped);
    else {
      if (loaded.parseError) outcome.parseErrors.push(loaded.parseError);
      const facts = computeFileFacts(file.path, loaded.sourceFile, classifier);
      outcome.summaries.push(summariseFile(facts));
      outcome.modelFacts.push(extractFileModelFacts(file.path, loaded.sourceFile, catalog.roles, facts));
      // Files outside --changed-since still feed the project facts; only changed files get findings.
      if (reportOnly && !reportOnly.has(file.absolutePath)) continue;
      const result = runRulesOnFile(facts, rules, settings, knownRuleIds);
      outcome.pending.push(...result.findings);
      outcome.diagnostics.push(...result.diagnostics);
      outcome.checked.push(...result.checked);
    }
  }
  return outcome;
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
 * Joins chunk outcomes (in file order), builds the project model, and settles findings that depend on
 * the whole project: withdrawn when a project condition holds, or when the rule does not judge the
 * file's role (then its sites do not count either).
 */
export function settle(chunks: readonly ChunkOutcome[], manifestDependencies: readonly string[] = [], roles?: RoleJudging): AnalysisOutcome {
  const summaries = chunks.flatMap((c) => c.summaries);
  const project = computeProjectFacts(summaries, manifestDependencies);
  const model = roles?.buildModel(chunks.flatMap((c) => c.modelFacts));
  const roleOf = (file: string | undefined): Role | undefined => (file === undefined ? undefined : model?.roleOf(file)?.role);
  const judged = (ruleId: string, file: string | undefined): boolean => {
    const role = roleOf(file);
    return !roles || role === undefined || roles.judges(ruleId, role);
  };
  const checked = new Map<string, number>();
  for (const tally of chunks.flatMap((c) => c.checked)) {
    if ((!tally.unless || !conditionHolds(tally.unless, project)) && judged(tally.ruleId, tally.file)) checked.set(tally.ruleId, (checked.get(tally.ruleId) ?? 0) + tally.count);
  }
  const inventory = mergeInventories(summaries.map((s) => s.inventory));
  return {
    ...(model ? { model } : {}),
    project,
    inventory: model ? withRoles(inventory, model) : inventory,
    filesAudited: summaries.length,
    skipped: chunks.flatMap((c) => c.skipped),
    unreadable: chunks.flatMap((c) => c.unreadable),
    parseErrors: chunks.flatMap((c) => c.parseErrors),
    findings: chunks
      .flatMap((c) => c.pending)
      .filter((p) => (!p.unless || !conditionHolds(p.unless, project)) && judged(p.finding.ruleId, p.finding.file))
      .map((p) => {
        const role = roleOf(p.finding.file);
        return role ? { ...p.finding, role } : p.finding;
      }),
    diagnostics: chunks.flatMap((c) => c.diagnostics),
    checked,
  };
}
