// The compiler bundle ts-morph ships (its package names no types for the file itself): the same
// namespace ts-morph exports as `ts`, typed by ts-morph's own declarations.
declare module '@ts-morph/common/dist/typescript.js' {
  import { ts } from '@ts-morph/common/lib/typescript.js';
  export = ts;
}
