// Loads the compiler bundle into Node's module cache before typescript.cts requires it, so that
// require finds it there: typescript.cts imports this module first.
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { requireWithCodeCache } from './code-cache.cjs';

const requireHere = createRequire(__filename);
const bundle = requireHere.resolve('@ts-morph/common/dist/typescript.js');
// The node_modules folder the compiler was installed in, the tool's own dependencies (by the
// node_modules/.cache convention of Babel and ESLint): whoever can write there already runs the tool's code.
const nodeModules = join(dirname(bundle), '..', '..', '..');

if (basename(nodeModules) === 'node_modules' && !requireHere.cache[bundle]) {
  const { exports } = requireWithCodeCache(bundle, join(nodeModules, '.cache', 'agent-audit-compiler'));
  const entry = new Module(bundle);
  entry.filename = bundle;
  entry.exports = exports;
  entry.loaded = true;
  requireHere.cache[bundle] = entry;
}
