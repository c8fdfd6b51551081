import { readFileSync } from 'node:fs';
import { mergePartials } from '../audit.js';
import { checkPartial, type NamedPartial } from '../engine/shard/validate.js';
import { AuditError } from '../errors.js';
import { TOOL_VERSION } from '../package-root.js';
import { verdictOptions, writeReports, type AuditFlags } from './audit-command.js';
import type { OutputTarget } from './outputs.js';

function readPartial(name: string): NamedPartial {
  let text: string;
  try {
    text = readFileSync(name, 'utf8');
  } catch (error) {
    throw new AuditError('io', `cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AuditError('usage', `${name} is not JSON (a partial result is written by agent-audit --shard <i>/<n> --output <file>)`);
  }
  return { name, partial: checkPartial(name, value, TOOL_VERSION) };
}

/** `agent-audit merge <partial.json...>`: the reports and gate of the whole run, from every shard's partial result. */
export function runMergeCommand(files: readonly string[], flags: AuditFlags, outputs: readonly OutputTarget[], write: (text: string) => void): number {
  const partials = files.map(readPartial);
  const root = partials[0]?.partial.root ?? '.';
  const result = mergePartials(verdictOptions(flags, root), partials);
  return writeReports(result, flags, outputs, write);
}
