import type { FilesystemSink } from '../../../src/catalog/types.js';
import { calleeLastName, ts } from '../../../src/model/ast.js';
import { callMemberNames, moduleMatcher, pathMatches } from '../../../src/catalog/matcher.js';
import type { FileFacts } from '../../../src/model/file-facts.js';

/** A file-system call and the arguments that name the files it touches. */
export interface FilesystemSinkCall {
  readonly call: ts.CallExpression;
  /** `readFile (fs/promises)`, `remove (fs-extra)`… for messages. */
  readonly name: string;
  readonly paths: readonly ts.Expression[];
}

function sinkFor(call: ts.CallExpression, sinks: readonly FilesystemSink[], facts: FileFacts): { sink: FilesystemSink; name: string } | undefined {
  const origin = facts.originOf(call.expression);
  if (!origin || origin.module === 'globalThis') return undefined;
  const sink = sinks.find((s) => moduleMatcher([s.module])(origin.module) && s.calls.some((pattern) => pathMatches(origin.path, pattern)));
  const module = origin.module.replace(/^node:/, '');
  return sink && { sink, name: origin.path.length > 0 ? `${origin.path[origin.path.length - 1]} (${module})` : module };
}

/** Calls to the catalog's file-system sinks (fs, fs/promises, fs-extra…), recognised by import. */
export function filesystemSinkCalls(facts: FileFacts): FilesystemSinkCall[] {
  const { sinks } = facts.classifier.filesystem;
  const fromSinkModule = moduleMatcher(sinks.map((s) => s.module));
  if (![...facts.importedModules].some(fromSinkModule)) return [];
  const names = callMemberNames(sinks);
  const found: FilesystemSinkCall[] = [];
  for (const call of facts.index.calls) {
    const name = calleeLastName(call.expression);
    if (name === undefined || !(names.has(name) || facts.topLevelNames.has(name))) continue;
    const match = sinkFor(call, sinks, facts);
    if (!match) continue;
    const paths = match.sink.pathArguments.map((i) => call.arguments[i]).filter((arg): arg is ts.Expression => arg !== undefined && !ts.isSpreadElement(arg));
    if (paths.length > 0) found.push({ call, name: match.name, paths });
  }
  return found;
}
