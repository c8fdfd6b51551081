/** Exit codes are part of the CLI contract (README, Usage): 0 gate passed, 1 gate failed, 2 usage/config/internal. */
export const EXIT_GATE_PASSED = 0;
export const EXIT_GATE_FAILED = 1;
export const EXIT_ERROR = 2;

export type AuditErrorCode =
  | 'usage'
  | 'config'
  | 'catalog'
  | 'no-files'
  | 'path-not-found'
  | 'io'
  | 'internal';

/** The one error type users see: a code and a one-line message; the CLI maps it to exit 2. */
export class AuditError extends Error {
  constructor(
    readonly code: AuditErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuditError';
  }
}
