// TypeScript's compiler API as ts-morph bundles it (the parser every file goes through), required
// straight from its bundle. This module is CommonJS on purpose: an ES module importing ts-morph
// directly makes Node scan ts-morph's 1 MB source for export names first. ts-morph itself is not
// loaded: its `ts` is the same compiler behind a namespace copy whose every property is a getter
// calling the bundle's own getter, so each `ts.isIdentifier(…)` of the analysis paid two calls, and
// loading ts-morph and its common library cost about 85 ms in every thread. The types are ts-morph's
// (compiler-bundle.d.ts). compiler-preload.cts loads the bundle first, with V8's code cache.
import './compiler-preload.cjs';
import compiler from '@ts-morph/common/dist/typescript.js';

export { compiler as ts };
