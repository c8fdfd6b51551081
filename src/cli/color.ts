/**
 * Whether the terminal report is coloured, decided in one place as the ecosystem expects:
 * `--color` / `--no-color` win; then `FORCE_COLOR` (set and not "0"/"false": on, also under CI, as
 * Node and chalk read it); then `NO_COLOR` (any non-empty value: off, also on a terminal); then
 * colour only for a person at a terminal, not in CI logs or on a dumb terminal.
 */
export interface ColorContext {
  readonly flag?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}

export function colorEnabled({ flag, env, isTTY }: ColorContext): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (env.NO_COLOR) return false;
  if (env.CI || env.TERM === 'dumb') return false;
  return isTTY;
}

/** The process's own view: used by the CLI for reports written to standard output. */
export function stdoutColorEnabled(flag: boolean | undefined): boolean {
  return colorEnabled({ flag, env: process.env, isTTY: process.stdout.isTTY === true });
}

/** Columns to wrap the terminal report at: the terminal's own width, 80 when not a terminal. */
export function stdoutWidth(): number {
  return process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 80;
}
