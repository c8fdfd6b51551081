import type { PackageRunner } from '../../../src/catalog/types.js';
import { staticName, ts, unwrap } from '../../../src/model/ast.js';
import { moduleMatcher } from '../../../src/catalog/matcher.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { stringValue } from '../../../src/inventory/values.js';

/** One package a launch config downloads and runs: `npx -y @scope/server`, `uvx mcp-server-git`, `docker run image`. */
export interface PackageLaunch {
  /** The launch config object (`{ command, args }`). */
  readonly config: ts.ObjectLiteralExpression;
  /** The node spelling the package (an `args` element, or the command string). */
  readonly node: ts.Node;
  readonly runner: string;
  readonly spec: string;
  /** The package (or image) name without its version. */
  readonly name: string;
  readonly ecosystem: PackageRunner['ecosystem'];
  readonly pinned: boolean;
}

interface Token {
  readonly text: string | undefined;
  readonly node: ts.Node;
}

const EXACT_SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
/** Paths, URLs, git and tarball specs: not a registry package whose version could float. */
const NOT_A_REGISTRY_NAME = /^(?:\.{0,2}\/|~|[A-Za-z]:\\|file:|git[+:]|https?:|github:)|\.(?:tgz|tar\.gz|js|mjs|cjs|ts|py)$/;

function property(obj: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  const prop = obj.properties.find((p) => staticName(p.name) === key);
  return prop && ts.isPropertyAssignment(prop) ? prop.initializer : prop && ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
}

/** `npx` of `/usr/bin/npx` or `npx.cmd`. */
const commandName = (text: string): string => (text.split(/[\\/]/).pop() ?? text).replace(/\.(?:cmd|exe)$/i, '');

function tokensOf(config: ts.ObjectLiteralExpression, facts: FileFacts): Token[] | undefined {
  const command = property(config, 'command');
  const commandText = stringValue(command, facts);
  if (!command || commandText === undefined) return undefined;
  const tokens: Token[] = commandText.trim().split(/\s+/).map((text) => ({ text, node: command }));
  const args = property(config, 'args');
  if (!args) return tokens;
  const list = unwrap(args);
  if (!ts.isArrayLiteralExpression(list)) return undefined;
  for (const element of list.elements) {
    // A spread of unknown arguments hides where the package sits.
    if (ts.isSpreadElement(element)) tokens.push({ text: undefined, node: element });
    else tokens.push({ text: stringValue(element, facts), node: element });
  }
  return tokens;
}

/** The package token of a runner's command line, or undefined when it cannot be read statically. */
function packageToken(runner: PackageRunner, rest: readonly Token[]): Token | undefined {
  let explicit: Token | undefined;
  for (let i = 0; i < rest.length; i += 1) {
    const token = rest[i];
    if (!token || token.text === undefined) return explicit;
    const text = token.text;
    if (text === '--') continue;
    if (text.startsWith('-')) {
      const [flag = text, value] = text.split('=', 2);
      const isPackageFlag = (runner.packageFlags ?? []).includes(flag);
      if (value !== undefined) {
        if (isPackageFlag) explicit = { text: value, node: token.node };
        continue;
      }
      if (isPackageFlag) explicit = rest[i + 1];
      if (isPackageFlag || (runner.valueFlags ?? []).includes(flag)) i += 1;
      continue;
    }
    return explicit ?? token;
  }
  return explicit;
}

function splitVersion(spec: string, ecosystem: PackageRunner['ecosystem']): { name: string; version: string | undefined } {
  if (ecosystem === 'python') {
    const match = /^([A-Za-z0-9_.\-[\],]+?)\s*(==|@|>=|<=|~=|!=|>|<)\s*(.+)$/.exec(spec);
    return match ? { name: match[1] ?? spec, version: match[2] === '==' || match[2] === '@' ? match[3] : `${match[2]}${match[3]}` } : { name: spec, version: undefined };
  }
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at < 0 ? { name: spec, version: undefined } : { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

function isPinned(spec: string, ecosystem: PackageRunner['ecosystem']): boolean {
  if (ecosystem === 'docker') return /@sha256:[0-9a-f]{64}$/.test(spec);
  const { version } = splitVersion(spec, ecosystem);
  return version !== undefined && EXACT_SEMVER.test(version);
}

function runnerFor(tokens: readonly Token[], facts: FileFacts): { runner: PackageRunner; rest: readonly Token[] } | undefined {
  const [first, ...rest] = tokens;
  if (!first?.text) return undefined;
  const command = commandName(first.text);
  for (const runner of facts.classifier.supplyChain.packageRunners) {
    if (runner.command !== command) continue;
    if (!runner.subcommand) return { runner, rest };
    const words = runner.subcommand.split(' ');
    if (words.every((word, i) => rest[i]?.text === word)) return { runner, rest: rest.slice(words.length) };
  }
  return undefined;
}

/** The package a `{ command, args }` launch config downloads and runs, if it names one statically. */
export function packageLaunchOf(config: ts.ObjectLiteralExpression, facts: FileFacts): PackageLaunch | undefined {
  const tokens = tokensOf(config, facts);
  const found = tokens && runnerFor(tokens, facts);
  if (!found) return undefined;
  const token = packageToken(found.runner, found.rest);
  const spec = token?.text;
  if (!token || spec === undefined || NOT_A_REGISTRY_NAME.test(spec)) return undefined;
  const { ecosystem } = found.runner;
  const name = ecosystem === 'docker' ? spec : splitVersion(spec, ecosystem).name;
  if (facts.classifier.supplyChain.localScriptRunners.includes(name)) return undefined;
  return { config, node: token.node, runner: found.runner.command, spec, name, ecosystem, pinned: isPinned(spec, ecosystem) };
}

function isTransportArgument(obj: ts.ObjectLiteralExpression, facts: FileFacts): boolean {
  const call = obj.parent;
  if (!call || !(ts.isNewExpression(call) || ts.isCallExpression(call)) || !call.arguments?.includes(obj)) return false;
  const origin = facts.originOf(call.expression);
  return !!origin && origin.module !== 'globalThis' && facts.classifier.matches(facts.classifier.agents.mcpClientTransports, origin);
}

function underLaunchConfigKey(obj: ts.ObjectLiteralExpression, keys: readonly string[]): boolean {
  for (let node: ts.Node | undefined = obj.parent; node && !ts.isSourceFile(node); node = node.parent) {
    if (ts.isPropertyAssignment(node) && keys.includes(staticName(node.name) ?? '')) return true;
  }
  return false;
}

/**
 * `{ command, args }` objects that launch an MCP server: the options of an MCP client transport, an
 * entry under an `mcpServers` key, or any launch config in a file that imports an MCP client module.
 */
export function mcpLaunchConfigs(facts: FileFacts): ts.ObjectLiteralExpression[] {
  if (!facts.sourceFile.text.includes('command')) return [];
  const { mcpClientModules, launchConfigKeys } = facts.classifier.supplyChain;
  const isMcpModule = moduleMatcher(mcpClientModules);
  const importsMcp = [...facts.importedModules].some(isMcpModule);
  return facts.index.objectLiterals.filter((node) => property(node, 'command') && (importsMcp || isTransportArgument(node, facts) || underLaunchConfigKey(node, launchConfigKeys)));
}
