import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BaselineFile } from './verdict/baseline/baseline.js';
import type { UserConfig } from './config/types.js';
import { emptiedCache, openCache, type OpenCache } from './engine/cache/cached-analysis.js';
import { cacheFile } from './engine/cache/location.js';
import type { ProgressListener } from './engine/parallel.js';
import type { Rule } from './engine/rule.js';
import { PARTIAL_FORMAT, PARTIAL_VERSION, type PartialResult } from './engine/shard/partial.js';
import { inShard, type Shard } from './engine/shard/slice.js';
import { checkPartialsBelongTogether, type NamedPartial } from './engine/shard/validate.js';
import { AuditError } from './errors.js';
import type { GateFlags } from './verdict/gate/options.js';
import { TOOL_VERSION } from './package-root.js';
import { auditScope } from './project/root.js';
import type { Role } from './model/roles/types.js';
import type { AuditResult } from './types.js';
import { analyseOutcomes, type FileAnalysis } from './pipeline/analyse.js';
import { auditedPaths, planAudit, type AuditPlan } from './pipeline/plan.js';
import { resultFromOutcomes } from './pipeline/result.js';
import { inFileOrder, outcomesByFile } from './engine/file-outcomes.js';

export interface AuditRequest {
  readonly paths: readonly string[];
  readonly config: UserConfig;
  /** Directory that relative catalog paths in config are resolved against. */
  readonly configDir: string;
  /** Every reported path is relative to this; default: see projectRoot(). */
  readonly root?: string;
  /** CLI flags win over config.gate. */
  readonly gate?: GateFlags;
  readonly instances?: number;
  readonly rules?: readonly Rule[];
  /** Mark findings new/unchanged against this baseline; the gate counts only new ones. */
  readonly baseline?: { readonly path: string; readonly file: BaselineFile };
  /**
   * --changed-since: root-relative paths of the changed files. Findings are shown (and gated) only for
   * these; the score stays the whole project's.
   */
  readonly changedFiles?: ReadonlySet<string>;
  /** Roles every rule judges beyond its defaults (--include-roles); joined with config roles.judge. */
  readonly includeRoles?: readonly Role[];
  /** Put every file's role and its evidence in the result (--explain-roles). */
  readonly explainRoles?: boolean;
  /** --cache: reuse the outcomes of unchanged files. `location` is --cache-location (default: see location.ts). */
  readonly cache?: { readonly location?: string; readonly warn: (message: string) => void };
  /**
   * Told how many files were parsed (the rest came from the cache), for --debug and tests; with a cache,
   * also how many the client pre-pass looked at again (imported-clients.ts), for tests.
   */
  readonly onAnalysed?: (stats: { readonly files: number; readonly filesParsed: number; readonly filesScanned?: number }) => void;
  /** Told how many files were analysed so far, out of how many (for a progress line). */
  readonly onProgress?: ProgressListener;
}

/** The request's cache file, read before the audit is planned (the client pre-pass takes its answers from it). */
function openRequestCache(request: AuditRequest, shard?: Shard): OpenCache | undefined {
  if (!request.cache) return undefined;
  const { paths, root } = auditedPaths(request);
  return openCache(cacheFile(request.cache.location, root, auditScope(paths, root), shard), request.cache.warn);
}

async function analyse(plan: AuditPlan, request: AuditRequest, cache: OpenCache | undefined, shard?: Shard): Promise<FileAnalysis> {
  const files = shard ? plan.discovery.files.filter((f) => inShard(f.path, shard)) : plan.discovery.files;
  const analysis = await analyseOutcomes(plan, files, cache, request.onProgress);
  request.onAnalysed?.({ files: files.length, filesParsed: analysis.filesParsed, ...(cache ? { filesScanned: cache.scans.scanned() } : {}) });
  return analysis;
}

/** The whole audit: discover → analyse files (or take them from the cache) → project → score → gate. Reads files; writes only the cache. */
export async function audit(request: AuditRequest): Promise<AuditResult> {
  const cache = openRequestCache(request);
  const plan = planAudit(request, undefined, cache?.scans.memo);
  const { outcomes, filesParsed } = await analyse(plan, request, cache);
  try {
    return resultFromOutcomes(plan, request, outcomes);
  } catch (error) {
    // Outcomes that pass the cache's shape check may still be damaged deep inside: never let that fail the audit.
    if (!cache || error instanceof AuditError || filesParsed === plan.discovery.files.length) throw error;
    cache.warn(`the cache could not be used (${(error as Error).message}); analysing every file again`);
    // Nothing of that file is trusted now, the pre-pass answers that shaped the plan included: a cold
    // run's plan (over the files already discovered) and outcomes.
    const fresh = emptiedCache(cache);
    const replanned = planAudit(request, plan.discovery, fresh.scans.memo);
    return resultFromOutcomes(replanned, request, (await analyse(replanned, request, fresh)).outcomes);
  }
}

/** --shard i/n: analyse one slice of the files and hand back what `merge` needs to finish the audit. */
export async function auditShard(request: AuditRequest, shard: Shard): Promise<PartialResult> {
  const shardRequest = { ...request, paths: (request.paths.length > 0 ? request.paths : ['.']).map((p) => resolve(p)), rolesJudgedLater: true };
  const cache = openRequestCache(shardRequest, shard);
  const plan = planAudit(shardRequest, undefined, cache?.scans.memo);
  const { outcomes } = await analyse(plan, request, cache, shard);
  return {
    format: PARTIAL_FORMAT,
    version: PARTIAL_VERSION,
    tool: { name: 'agent-audit', version: TOOL_VERSION },
    config: request.config,
    configDir: request.configDir,
    analysisKey: plan.analysisKey,
    root: plan.root,
    paths: plan.paths,
    shard,
    discovery: { files: plan.discovery.files.map((f) => f.path), skipped: plan.discovery.skipped, unreadable: plan.discovery.unreadable },
    outcomes,
  };
}

/** What merge takes besides the partials: the verdict and report options (the config comes with the partials). */
export type MergeRequest = Omit<AuditRequest, 'paths' | 'root' | 'config' | 'configDir' | 'cache' | 'onAnalysed'>;

/**
 * `merge`: the shards' outcomes → the same result one unsharded run gives. Project facts, model and
 * project-level rules read the manifests under the recorded root, so merge runs in the same checkout.
 */
export function mergePartials(request: MergeRequest, partials: readonly NamedPartial[]): AuditResult {
  checkPartialsBelongTogether(partials);
  const { partial: first } = partials[0] as NamedPartial;
  if (!existsSync(first.root)) throw new AuditError('usage', `merge needs the checkout the shards audited, at ${first.root} (not found here)`);
  const recorded = { ...first.discovery, files: first.discovery.files.map((path) => ({ path, absolutePath: join(first.root, path), explicit: false })) };
  const plan = planAudit({ ...request, config: first.config, configDir: first.configDir, paths: first.paths, root: first.root, rolesJudgedLater: true }, recorded);
  if (plan.analysisKey !== first.analysisKey) throw new AuditError('usage', 'the rules or catalog differ from the ones the shards ran with (a catalog file changed, or another agent-audit build): run the shards and merge on the same checkout and version');
  const outcomes = partials.map((p) => p.partial).sort((a, b) => a.shard.index - b.shard.index).flatMap((p) => p.outcomes);
  return resultFromOutcomes(plan, { ...request, config: first.config }, inFileOrder(outcomesByFile(outcomes), first.discovery.files));
}
