/**
 * TypeScript types read off the catalog's JSON schema (the `as const` objects in schema.ts), so the
 * schema is the one declaration of the catalog's shape. Covers the keywords the schema uses: type
 * (one or a list), enum, items, properties + required, and additionalProperties as a value schema.
 */

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type Primitive<T> = T extends 'string' ? string : T extends 'number' | 'integer' ? number : T extends 'boolean' ? boolean : never;

type ObjectOf<P, R> = Simplify<{ readonly [K in keyof P & R]: FromSchema<P[K]> } & { readonly [K in Exclude<keyof P, R>]?: FromSchema<P[K]> }>;

export type FromSchema<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly type: 'array'; readonly items: infer I }
    ? readonly FromSchema<I>[]
    : S extends { readonly type: 'object'; readonly properties: infer P }
      ? ObjectOf<P, S extends { readonly required: readonly (infer R)[] } ? R : never>
      : S extends { readonly type: 'object'; readonly additionalProperties: infer A }
        ? Readonly<Record<string, FromSchema<A>>>
        : S extends { readonly type: readonly (infer T)[] }
          ? Primitive<T>
          : S extends { readonly type: infer T }
            ? Primitive<T>
            : unknown;

/** A section after merging (load.ts): every list present (empty when no fragment sets it), every threshold set. */
type MergedSection<S> = S extends { readonly type: 'object'; readonly properties: infer P } ? Simplify<{ readonly [K in keyof P]-?: FromSchema<P[K]> }> : FromSchema<S>;

/** The merged catalog of a fragment schema: every top-level key present, each section complete. */
export type MergedFromSchema<S> = S extends { readonly properties: infer P } ? Simplify<{ readonly [K in keyof P]-?: MergedSection<P[K]> }> : never;

/** Compile-time check that two types agree both ways and have the same keys (holds hand-written types to the schema). */
export type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;
