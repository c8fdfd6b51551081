import type { Catalog, ClientEntry, ModuleCalls, SchedulerEntry } from './types.js';
import type { Origin } from '../model/origin.js';

const compiledGlobs = new Map<string, RegExp>();

/** Glob with `*` as "anything": module specifiers and export names in the catalog use it. Compiled once per glob (no `g` flag, so sharing is safe). */
export function globToRegExp(glob: string): RegExp {
  let compiled = compiledGlobs.get(glob);
  if (!compiled) {
    const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    compiled = new RegExp(`^${escaped}$`);
    compiledGlobs.set(glob, compiled);
  }
  return compiled;
}

/** Does a file path match any of the catalog's path globs (`route.*`, `pages/api/*`)? */
export function pathMatchesAnyGlob(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => globToRegExp(glob).test(path));
}

function stripNodePrefix(module: string): string {
  return module.startsWith('node:') ? module.slice(5) : module;
}

/** `chat.completions.create` → `create`: the member a dotted call pattern or type name ends in. */
export function lastSegment(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

const memberNamesByList = new WeakMap<readonly { readonly calls: readonly string[] }[], ReadonlySet<string>>();

/** The member names a list's call patterns end in: a cheap filter before resolving a callee's origin. Compiled once per list. */
export function callMemberNames(list: readonly { readonly calls: readonly string[] }[]): ReadonlySet<string> {
  let names = memberNamesByList.get(list);
  if (!names) {
    names = new Set(list.flatMap((item) => item.calls.map(lastSegment)));
    memberNamesByList.set(list, names);
  }
  return names;
}

/**
 * A module specifier read from an AST is a slice of its file's text, and keeping it as a memo key keeps
 * that whole text alive for the rest of the run: memos keep their own flat copy.
 */
const copies = new Map<string, string>();
function ownCopy(text: string): string {
  let copy = copies.get(text);
  if (copy === undefined) {
    copy = (' ' + text).slice(1);
    copies.set(copy, copy);
  }
  return copy;
}

const matchers = new Map<string, (module: string) => boolean>();
/** Per glob list: bounds memory when a tree names a great many distinct modules. */
const MAX_REMEMBERED_MODULES = 4096;

/** Matches module specifiers against globs (`node:` prefix ignored). Compiled once per glob list: rules ask per call. */
export function moduleMatcher(globs: readonly string[]): (module: string) => boolean {
  const key = globs.join('\n');
  let matcher = matchers.get(key);
  if (!matcher) {
    const patterns = globs.map(globToRegExp);
    // Every call's module is asked about, and a project imports few distinct modules: remember answers.
    const answers = new Map<string, boolean>();
    matcher = (module) => {
      let answer = answers.get(module);
      if (answer === undefined) {
        const name = stripNodePrefix(module);
        answer = patterns.some((p) => p.test(name) || p.test(module));
        if (answers.size >= MAX_REMEMBERED_MODULES) answers.clear();
        answers.set(ownCopy(module), answer);
      }
      return answer;
    };
    matchers.set(key, matcher);
  }
  return matcher;
}

/**
 * Does the member path end with a catalog call pattern? "a.b.c" is a suffix, "()" the import itself
 * (a default export called), "*" any one named export called directly.
 */
export function pathMatches(path: readonly string[], pattern: string): boolean {
  if (pattern === '()') return path.length === 0;
  if (pattern === '*') return path.length === 1;
  const parts = pattern.split('.');
  if (parts.length > path.length) return false;
  const offset = path.length - parts.length;
  return parts.every((part, i) => path[offset + i] === part);
}

export interface CatalogMatch {
  readonly entry: ClientEntry;
  readonly operation: string;
}

interface CompiledEntry {
  readonly entry: ClientEntry;
  readonly module: (module: string) => boolean;
  readonly exports?: readonly RegExp[];
}

/** The merged catalog (every section, as the rules read it) plus compiled matchers over it. */
export interface CatalogClassifier extends Catalog {
  match(origin: Origin): CatalogMatch | undefined;
  /** Could a call whose callee ends in this member name be a catalog operation? (cheap pre-filter) */
  mayMatchMember(name: string): boolean;
  /** Entries for a module, regardless of the member called (for "is this any call to X?"). */
  entryForModule(origin: Origin): ClientEntry | undefined;
  isRetryCall(origin: Origin): boolean;
  isSleepCall(origin: Origin): boolean;
  /** `caller.call(fn)`: a method of a conventionally named executor that retries `fn`. */
  isRetryReceiver(receiver: string | undefined, method: string): boolean;
  isValidatorModule(module: string): boolean;
  isValidatorMethod(name: string): boolean;
  /** A service SDK's or a database client's module: its method calls go over the network. */
  isRemoteModule(module: string): boolean;
  /** Of those, a remote API's SDK (Slack, Octokit, Stripe), not a database or cache client. */
  isServiceModule(module: string): boolean;
  /** Is this module one of the catalog's job schedulers? (cheap per-file pre-filter) */
  isSchedulerModule(module: string): boolean;
  /** The scheduler entry whose call this origin is (`cron.schedule`, `new CronJob`, `@Cron`). */
  schedulerFor(origin: Origin): SchedulerEntry | undefined;
  /** Does this origin call one of the listed module calls? (memoised per list) */
  matches(list: readonly ModuleCalls[], origin: Origin): boolean;
}

/**
 * The items whose module matcher accepts a module, in list order, remembered per module: a list of
 * many items is otherwise asked item by item for every call of every file.
 */
export function itemsForModule<T extends { readonly module: (module: string) => boolean }>(items: readonly T[]): (module: string) => readonly T[] {
  const known = new Map<string, readonly T[]>();
  return (module) => {
    let found = known.get(module);
    if (found === undefined) {
      found = items.filter((item) => item.module(module));
      if (known.size >= MAX_REMEMBERED_MODULES) known.clear();
      known.set(ownCopy(module), found);
    }
    return found;
  };
}

function moduleCallsMatcher(list: readonly ModuleCalls[]): (origin: Origin) => boolean {
  const forModule = itemsForModule(list.map((item) => ({ module: moduleMatcher([item.module]), calls: item.calls })));
  return (origin) => forModule(origin.module).some((c) => c.calls.some((call) => pathMatches(origin.path, call)));
}

export function createClassifier(catalog: Catalog): CatalogClassifier {
  const entries: CompiledEntry[] = catalog.entries.map((entry) => ({
    entry,
    module: moduleMatcher(entry.modules),
    exports: entry.exports?.map(globToRegExp),
  }));
  const validatorModules = moduleMatcher(catalog.validators.modules);
  const validatorMethods = new Set(catalog.validators.methods);
  const serviceModules = moduleMatcher(catalog.remoteModules);
  const databaseModules = moduleMatcher(catalog.databaseModules);
  const isRetryCall = moduleCallsMatcher(catalog.retryLibraries);
  const isSleepCall = moduleCallsMatcher(catalog.sleepFunctions);
  const schedulers = catalog.schedulers.map((entry) => ({ entry, module: moduleMatcher(entry.modules) }));
  const schedulerModules = moduleMatcher(catalog.schedulers.flatMap((entry) => entry.modules));
  const listMatchers = new Map<readonly ModuleCalls[], (origin: Origin) => boolean>();

  const memberNames = new Set(catalog.entries.flatMap((e) => Object.values(e.operations).flat().map((pattern) => lastSegment(pattern))));
  // A call of a call (`got(url)(…)`, `client.index('x')(…)`) is rare; the root-call pattern "()" is matched via imports.
  memberNames.delete('()');
  const byModule = new Map<string, CompiledEntry[]>();
  const entriesFor = (module: string): CompiledEntry[] => {
    let list = byModule.get(module);
    if (!list) {
      list = entries.filter((c) => c.module(module));
      byModule.set(ownCopy(module), list);
    }
    return list;
  };

  const exportAllowed = (compiled: CompiledEntry, origin: Origin): boolean => {
    if (!compiled.exports) return true;
    const first = origin.path[0];
    return first !== undefined && compiled.exports.some((re) => re.test(first));
  };

  return {
    ...catalog,
    mayMatchMember: (name) => memberNames.has(name),
    match(origin) {
      for (const compiled of entriesFor(origin.module)) {
        if (!exportAllowed(compiled, origin)) continue;
        for (const [operation, patterns] of Object.entries(compiled.entry.operations)) {
          if (patterns.some((pattern) => pathMatches(origin.path, pattern))) return { entry: compiled.entry, operation };
        }
      }
      return undefined;
    },
    entryForModule(origin) {
      if (origin.module === 'globalThis') return undefined;
      return entriesFor(origin.module).find((c) => exportAllowed(c, origin))?.entry;
    },
    isRetryCall,
    isSleepCall,
    isRetryReceiver: (receiver, method) => receiver !== undefined && catalog.retryReceivers.some((r) => r.names.includes(receiver) && r.methods.includes(method)),
    isValidatorModule: validatorModules,
    isValidatorMethod: (name) => validatorMethods.has(name),
    isRemoteModule: (module) => serviceModules(module) || databaseModules(module),
    isServiceModule: serviceModules,
    isSchedulerModule: schedulerModules,
    schedulerFor: (origin) => schedulers.find((s) => s.module(origin.module) && s.entry.calls.some((call) => pathMatches(origin.path, call)))?.entry,
    matches: (list, origin) => {
      let matcher = listMatchers.get(list);
      if (!matcher) {
        matcher = moduleCallsMatcher(list);
        listMatchers.set(list, matcher);
      }
      return matcher(origin);
    },
  };
}
