import { InvalidArgumentError } from 'commander';
import { ROLES, type Role } from '../model/roles/types.js';
import { SEVERITIES, type Severity } from '../types.js';
import { parseShard, type Shard } from '../engine/shard/slice.js';

export function parseScore(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('expected a score from 0 to 100.');
  return n;
}

export function parseFailOn(value: string): Severity | 'none' {
  if (value === 'none' || (SEVERITIES as readonly string[]).includes(value)) return value as Severity | 'none';
  throw new InvalidArgumentError(`expected one of ${[...SEVERITIES, 'none'].join(', ')}.`);
}

export function parseNonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || n < -1 || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number (-1 for no limit).');
  return n;
}

/** Fleet sizes and similar counts: far beyond any real fleet, far below where numbers lose precision. */
const MAX_COUNT = 1_000_000_000;

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  // 400 digits would be Infinity, which no JSON report can hold.
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > MAX_COUNT) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_COUNT}.`);
  return n;
}

export function parseRoles(value: string): Role[] {
  const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`expected a comma-separated list of ${ROLES.join(', ')}.`);
  return roles as Role[];
}

/** `--rule <id>=<severity|off>`, repeatable: collected in order. */
export function parseRuleSetting(value: string, previous: readonly { id: string; severity: Severity | 'off' }[] = []): { id: string; severity: Severity | 'off' }[] {
  const match = /^([^=\s]+)=(\S+)$/.exec(value.trim());
  const severity = match?.[2];
  if (!match || !severity || !(severity === 'off' || (SEVERITIES as readonly string[]).includes(severity))) {
    throw new InvalidArgumentError(`expected <rule-id>=<severity>, the severity one of ${[...SEVERITIES, 'off'].join(', ')} (e.g. connectors/no-timeout=high).`);
  }
  return [...previous, { id: match[1] as string, severity: severity as Severity | 'off' }];
}

/** Repeatable string options, collected in order. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** `--shard <i>/<n>`. */
export function parseShardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message.replace(/^--shard expects /, 'expected '));
  }
}
