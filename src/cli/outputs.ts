import { InvalidArgumentError } from 'commander';
import { FORMAT_NAMES, type FormatName } from '../report/index.js';
import { AuditError } from '../errors.js';

export function collectFormat(value: string, previous: FormatName[] = []): FormatName[] {
  if (!(FORMAT_NAMES as string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${FORMAT_NAMES.join(', ')}.`);
  return [...previous, value as FormatName];
}

export function collectOutput(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export interface OutputTarget {
  readonly format: FormatName;
  /** undefined: standard output. */
  readonly file?: string;
}

/**
 * Pairs `--format X --output F` in order: the n-th output file gets the n-th format; a format without
 * a file goes to stdout (only one may). No format at all means pretty on stdout (or json into a lone --output).
 */
export function pairOutputs(formats: readonly FormatName[], files: readonly string[]): OutputTarget[] {
  if (formats.length === 0) {
    if (files.length > 1) throw new AuditError('usage', 'several --output files need a --format each (e.g. --format sarif --output audit.sarif)');
    return [{ format: files.length === 1 ? 'json' : 'pretty', ...(files[0] ? { file: files[0] } : {}) }];
  }
  if (files.length > formats.length) throw new AuditError('usage', `${files.length} --output files for ${formats.length} --format values: give each output its format`);
  const targets = formats.map((format, i) => ({ format, ...(files[i] ? { file: files[i] } : {}) }));
  if (targets.filter((t) => !t.file).length > 1) throw new AuditError('usage', 'only one --format can go to standard output; give the others an --output file');
  return targets;
}
