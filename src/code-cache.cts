// CommonJS, like typescript.cts, which loads the compiler through it before any ES module could be.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** What happened to the code cache while a bundle was loaded. */
export type CodeCacheUse = 'used' | 'created' | 'rejected' | 'unwritable';

/**
 * The file V8's code for `bundle` is kept in: named for the bundle's size and modification time and
 * the Node version, so an upgraded or reinstalled bundle or Node never meets an old one (V8 itself
 * only checks its version, its flags and the source's length), and for the V8 flags this thread runs
 * under, since V8 refuses code cached under other flags: the CLI tunes V8 after its main thread loaded
 * the compiler and before its workers do (cli/v8-tuning.ts), and tests or a profiler pass flags of
 * their own. Without the last, a tuned and an untuned run would each replace the other's cache.
 */
function cacheFileFor(bundle: string, cacheDir: string): string {
  const { size, mtimeMs } = statSync(bundle);
  const flags = createHash('sha256').update(`${process.execArgv.join(' ')}\n${process.env.AGENT_AUDIT_V8_FLAGS ?? ''}`).digest('hex').slice(0, 12);
  return join(cacheDir, `${basename(bundle)}-${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}-${flags}.bin`);
}

/**
 * Requires a large CommonJS bundle (the TypeScript compiler, 9 MB) with V8's code cache: compiling its
 * source took 0.31–0.34 s of every thread's start, reading the cached code 0.12–0.15 s. The cache is
 * made on the first load, replaced when V8 refuses it, and lives in the tool's own install (see
 * compiler-preload.cts), never in a tree it audits. Any failure to read or write it only costs the compile.
 */
export function requireWithCodeCache(bundle: string, cacheDir: string): { readonly exports: unknown; readonly cache: CodeCacheUse } {
  const source = readFileSync(bundle, 'utf8');
  const cacheFile = cacheFileFor(bundle, cacheDir);
  const cachedData = readCachedCode(cacheFile);
  // Node's own module wrapper, so the bundle sees what a require gives it.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports as object, createRequire(bundle), module, bundle, dirname(bundle));
  if (cachedData && !script.cachedDataRejected) return { exports: module.exports, cache: 'used' };
  return { exports: module.exports, cache: keepCode(script, cacheDir, cacheFile) ? (cachedData ? 'rejected' : 'created') : 'unwritable' };
}

/** Cached code far larger than any compiler's is no cache (nor is a device or a folder at its path). */
const MAX_CACHED_CODE_BYTES = 256 * 1024 * 1024;

function readCachedCode(cacheFile: string): Buffer | undefined {
  try {
    const stat = statSync(cacheFile);
    return stat.isFile() && stat.size <= MAX_CACHED_CODE_BYTES ? readFileSync(cacheFile) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the script's code beside a temporary name and renames it into place; the file is opened first, so a read-only install pays no serialisation. */
function keepCode(script: Script, cacheDir: string, cacheFile: string): boolean {
  // Unique per attempt: a run killed mid-write leaves a name no later run reuses.
  const temporary = `${cacheFile}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(cacheDir, { recursive: true });
    fd = openSync(temporary, 'wx');
    writeSync(fd, script.createCachedData());
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, cacheFile);
    return true;
  } catch {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
    return false;
  }
}
