import { join } from 'node:path';
import { loadCatalog } from '../catalog/load.js';
import type { UserConfig } from '../config/types.js';
import type { PackageScope, RoleJudging } from '../engine/analyse-files.js';
import { analysisKey } from '../engine/cache/key.js';
import { resolveRuleSettings } from '../engine/rule-settings.js';
import type { Rule } from '../engine/rule.js';
import type { RuleSetting } from '../engine/run-rules.js';
import { judgedRoles, unjudgedRoles } from '../engine/rule-roles.js';
import { readProjectManifests } from '../model/graph/manifests.js';
import { findImportedClients, type AnalysedCatalog, type ScanMemo } from '../model/imported-clients.js';
import { buildProjectModel } from '../model/roles/project-model.js';
import type { Role } from '../model/roles/types.js';
import { DEFAULT_EXCLUDE, discoverFiles, type Discovery } from '../project/discover.js';
import { PackageIndex } from '../project/manifest.js';
import { projectRoot } from '../project/root.js';
import { ALL_RULES } from '../../rules/index.js';

/** What the pipeline needs from a request to plan an audit (see AuditRequest in audit.ts). */
export interface PlanRequest {
  readonly paths: readonly string[];
  readonly config: UserConfig;
  readonly configDir: string;
  readonly root?: string;
  readonly rules?: readonly Rule[];
  readonly includeRoles?: readonly Role[];
  /**
   * Which roles are judged is decided later, by `merge --include-roles` (a --shard run): every rule
   * runs in every file, whatever its header or path says (see unjudgedRoles).
   */
  readonly rolesJudgedLater?: boolean;
}

/** One audit's settled inputs: rules and catalog, the files, and how files map to packages and roles. */
export interface AuditPlan {
  readonly rules: readonly Rule[];
  readonly settings: ReadonlyMap<string, RuleSetting>;
  readonly catalog: AnalysedCatalog;
  /** Everything a file's outcome depends on besides its content (cache and shard key). */
  readonly analysisKey: string;
  readonly paths: readonly string[];
  readonly root: string;
  readonly discovery: Discovery;
  readonly packages: PackageIndex;
  readonly scopeOf: (path: string) => PackageScope;
  /** Roles every rule judges beyond its own (config roles.judge and --include-roles). */
  readonly includeRoles: readonly Role[];
  readonly roles: RoleJudging;
}

/** The paths an audit is given (the working directory when none), and the root every reported path is relative to. */
export function auditedPaths(request: Pick<PlanRequest, 'paths' | 'root'>): { readonly paths: readonly string[]; readonly root: string } {
  const paths = request.paths.length > 0 ? request.paths : ['.'];
  return { paths, root: request.root ?? projectRoot(paths) };
}

/**
 * Resolves rules, settings and catalog, discovers the files (or takes the discovery a shard recorded),
 * and prepares the package and role lookups the later steps share. `scans` remembers what the client
 * pre-pass found in files it saw before (a --cache run).
 */
export function planAudit(request: PlanRequest, recorded?: Discovery, scans?: ScanMemo): AuditPlan {
  const rules = request.rules ?? ALL_RULES;
  const resolved = resolveRuleSettings(rules, request.config);
  const catalog = loadCatalog(request.config.catalog ?? [], request.configDir);
  const { paths, root } = auditedPaths(request);
  const discovery = recorded ?? discoverFiles({ root, paths, include: request.config.include ?? [], exclude: [...(request.config.defaultExcludes === false ? [] : DEFAULT_EXCLUDE), ...(request.config.exclude ?? [])], globBase: request.configDir });
  const manifests = readProjectManifests(root, discovery.files.map((f) => f.path));
  const projectClients = findImportedClients(discovery.files, manifests, scans);
  // Only a project with such clients carries them (and its manifests) into the analysis key.
  const analysedCatalog: AnalysedCatalog = Object.keys(projectClients.exports).length > 0 ? { ...catalog, projectClients } : catalog;
  const packages = new PackageIndex(root);
  const scopeOf = (path: string): PackageScope => {
    const pkg = packages.packageOf(join(root, path));
    return { key: pkg.dir, dependencies: pkg.manifest?.dependencies ?? [], ...(pkg.manifest?.library ? { library: true } : pkg.manifest ? { application: true } : {}), ...(pkg.manifest?.executable ? { executable: true } : {}), ...(pkg.manifest?.name ? { name: pkg.manifest.name } : {}), ...(pkg.manifest?.dependencyMajors ? { dependencyMajors: pkg.manifest.dependencyMajors } : {}) };
  };
  const { judge: configJudge = [], ...roleOverrides } = request.config.roles ?? {};
  const includeRoles = [...new Set([...configJudge, ...(request.includeRoles ?? [])])];
  const judgedByRule = new Map(rules.map((rule) => [rule.id, judgedRoles(rule, includeRoles)]));
  const byGlob = Object.values(roleOverrides).some((globs) => (globs?.length ?? 0) > 0);
  const settings = new Map([...resolved].map(([id, setting]) => {
    const judged = judgedByRule.get(id);
    const unjudged = request.rolesJudgedLater || !judged ? [] : unjudgedRoles(judged, byGlob);
    return [id, unjudged.length > 0 ? { ...setting, unjudged } : setting];
  }));
  const roles: RoleJudging = {
    buildModel: (files, options) => buildProjectModel({ ...options, files, manifests, catalog: catalog.roles, overrides: roleOverrides }),
    judges: (ruleId, role) => judgedByRule.get(ruleId)?.has(role) ?? true,
  };
  return { rules, settings, catalog: analysedCatalog, analysisKey: analysisKey({ rules, settings, catalog: analysedCatalog }), paths, root, discovery, packages, scopeOf, includeRoles, roles };
}
