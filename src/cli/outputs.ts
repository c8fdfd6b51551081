import { basename, resolve as resolvePath } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { AuditError } from '../errors.js';
import { isSourceFile } from '../project/discover.js';
import { FORMAT_NAMES, type FormatName } from '../report/index.js';
import { inferFormat } from './format-inference.js';

export interface OutputTarget {
  readonly format: FormatName;
  /** undefined: standard output. */
  readonly file?: string;
}

/**
 * Collects `--format` and `--output` in command-line order (commander calls option parsers in argv
 * order): each `--output` belongs to the `--format` just before it (`--format sarif --output a.sarif`),
 * or, written first, to the next one.
 */
export class OutputCollector {
  private readonly targets: { format?: FormatName; file?: string }[] = [];

  readonly format = (value: string): FormatName => {
    if (!(FORMAT_NAMES as string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${FORMAT_NAMES.join(', ')}.`);
    const waiting = this.targets.find((t) => t.format === undefined);
    if (waiting) waiting.format = value as FormatName;
    else this.targets.push({ format: value as FormatName });
    return value as FormatName;
  };

  readonly output = (value: string): string => {
    const last = this.targets[this.targets.length - 1];
    if (last && last.format !== undefined && last.file === undefined) last.file = value;
    else this.targets.push({ file: value });
    return value;
  };

  /** No format at all: pretty on stdout; an --output without a --format gets the one its file name names. */
  resolve(): OutputTarget[] {
    if (this.targets.length === 0) return [{ format: 'pretty' }];
    const targets = this.targets.map((t) => ({ format: t.format ?? inferFormat(t.file ?? ''), ...(t.file ? { file: t.file } : {}) }));
    if (targets.filter((t) => !t.file).length > 1) throw new AuditError('usage', 'only one --format can go to standard output; give the others an --output file');
    checkOutputFiles(targets.flatMap((t) => (t.file ? [t.file] : [])));
    return targets;
  }
}

/** Files a report must never replace: project manifests and configs, whatever directory they are in. */
const PROTECTED_NAMES = new Set(['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'tsconfig.json', 'jsconfig.json', '.gitignore', '.agent-auditrc', '.agent-auditrc.json', '.agent-auditrc.yaml', '.agent-auditrc.yml']);

/** Why `file` must not receive a report, or undefined when it may. */
export function protectedOutputReason(file: string): string | undefined {
  const name = basename(file);
  if (isSourceFile(name) || /\.d\.[cm]?ts$/.test(name) || /^agent-audit\.config\./.test(name)) return 'it is a JavaScript/TypeScript source file';
  if (PROTECTED_NAMES.has(name)) return 'it is a project manifest or config';
  return undefined;
}

/** The same file twice would keep only the last report; a source file or manifest would be lost. */
export function checkOutputFiles(files: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    const reason = protectedOutputReason(file);
    if (reason) throw new AuditError('usage', `refusing to write a report to ${file}: ${reason}`);
    const absolute = resolvePath(file);
    const earlier = seen.get(absolute);
    if (earlier !== undefined) throw new AuditError('usage', `--output ${file} is given twice${earlier !== file ? ` (also as ${earlier})` : ''}: each report needs its own file`);
    seen.set(absolute, file);
  }
}
