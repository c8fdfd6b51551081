// TypeScript's compiler API as ts-morph bundles it (the parser every file goes through). This module
// is CommonJS on purpose: an ES module importing ts-morph directly makes Node scan ts-morph's 1 MB
// source for export names first, about 0.2 s of CPU in every thread, on every run; a CommonJS module
// just requires it.
import { ts } from 'ts-morph';

export { ts };
