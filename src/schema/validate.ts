import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

let shared: Ajv | undefined;

function ajv(): Ajv {
  if (!shared) {
    shared = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    (addFormats as unknown as (a: Ajv) => void)(shared);
  }
  return shared;
}

export interface Validator<T> {
  (value: unknown): value is T;
  /** The last validation's errors. */
  readonly errors: ValidateFunction<T>['errors'];
}

/**
 * Compiled on first use: compiling a schema costs a fifth of a second, which a run that never meets
 * a config file or a user catalog should not pay.
 */
export function compileSchema<T>(schema: object): Validator<T> {
  let compiled: ValidateFunction<T> | undefined;
  const validate = (value: unknown): value is T => (compiled ??= ajv().compile<T>(schema))(value);
  return Object.defineProperty(validate, 'errors', { get: () => compiled?.errors }) as Validator<T>;
}

/** `rules["x"].severity` style path from ajv's JSON pointer. */
function pointerToPath(pointer: string, root: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `${path}.${part}` : `${path}[${JSON.stringify(part)}]`), root);
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(p.additionalProperty)}"`;
    case 'required':
      return `missing required key "${String(p.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be of type ${Array.isArray(p.type) ? (p.type as string[]).join(' or ') : String(p.type)}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * One readable line per problem, naming the offending key path, e.g.
 * `config.gate.failUnder: must be <= 100`. anyOf/oneOf noise is reduced to its most specific branch.
 */
export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined, root: string): string[] {
  if (!errors || errors.length === 0) return [];
  const meaningful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  const chosen = meaningful.length > 0 ? meaningful : errors;
  const lines = chosen.map((e) => {
    const path = pointerToPath(e.instancePath, root);
    return `${path}: ${describe(e)}`;
  });
  return [...new Set(lines)];
}
