import { AuditError } from '../../errors.js';
import { isOutcome } from '../file-outcomes.js';
import { PARTIAL_FORMAT, PARTIAL_VERSION, type PartialResult } from './partial.js';

/** A partial result read from a file, named as the user gave it. */
export interface NamedPartial {
  readonly name: string;
  readonly partial: PartialResult;
}

const invalid = (message: string): AuditError => new AuditError('usage', message);

/** The parsed JSON of `name`, checked to be a partial result this version can merge. */
export function checkPartial(name: string, value: unknown, toolVersion: string): PartialResult {
  const partial = value as Partial<PartialResult> | null;
  if (typeof partial !== 'object' || partial === null || partial.format !== PARTIAL_FORMAT) throw invalid(`${name} is not a partial result (write one with agent-audit --shard <i>/<n>)`);
  if (partial.version !== PARTIAL_VERSION) throw invalid(`${name} is a partial result of format version ${String(partial.version)}; this agent-audit merges version ${PARTIAL_VERSION}`);
  if (partial.tool?.version !== toolVersion) throw invalid(`${name} was written by agent-audit ${String(partial.tool?.version)}; this is ${toolVersion}: run every shard and the merge with the same version`);
  const shapeOk =
    typeof partial.analysisKey === 'string' && typeof partial.configDir === 'string' && typeof partial.config === 'object' && partial.config !== null && typeof partial.root === 'string' && Array.isArray(partial.paths) &&
    Number.isInteger(partial.shard?.index) && Number.isInteger(partial.shard?.total) &&
    Array.isArray(partial.discovery?.files) && Array.isArray(partial.discovery?.skipped) && Array.isArray(partial.discovery?.unreadable) &&
    Array.isArray(partial.outcomes) && partial.outcomes.every(isOutcome);
  if (!shapeOk) throw invalid(`${name} is a damaged partial result`);
  return partial as PartialResult;
}

const describe = (p: NamedPartial): string => `${p.name} (shard ${p.partial.shard.index}/${p.partial.shard.total})`;

/**
 * Partials merge only when they are the shards of one run: same root, paths, config and discovered
 * files, and each of the n shards exactly once.
 */
export function checkPartialsBelongTogether(partials: readonly NamedPartial[]): void {
  const [first, ...rest] = partials;
  if (!first) throw invalid('merge needs the partial results of every shard');
  const same = (what: string, of: (p: PartialResult) => unknown) => {
    const expected = JSON.stringify(of(first.partial));
    const other = rest.find((p) => JSON.stringify(of(p.partial)) !== expected);
    if (other) throw invalid(`${describe(other)} and ${describe(first)} come from different runs: their ${what} differ${what.endsWith('s') ? '' : 's'}`);
  };
  same('root', (p) => p.root);
  same('audited paths', (p) => p.paths);
  same('config', (p) => [p.analysisKey, p.config, p.configDir]);
  same('shard count', (p) => p.shard.total);
  same('discovered files', (p) => p.discovery);
  const total = first.partial.shard.total;
  const seen = new Map<number, NamedPartial>();
  for (const p of partials) {
    const { index } = p.partial.shard;
    if (index < 1 || index > total) throw invalid(`${p.name} claims shard ${index}/${total}, which does not exist`);
    const earlier = seen.get(index);
    if (earlier) throw invalid(`shard ${index}/${total} is given twice: ${earlier.name} and ${p.name}`);
    seen.set(index, p);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw invalid(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} missing: merge needs the partial result of every shard`);
}
