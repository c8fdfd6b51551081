import { isFunctionLike, ts, unwrap, type FunctionLike } from '../model/ast.js';
import type { CallSite, FileFacts } from '../model/file-facts.js';
import { optionObjects } from '../domain/http/request-options.js';
import { vectorBackend } from '../domain/vector-stores/backend.js';
import { projectCallsFrom, reachesInFile, someCallReaches } from '../model/reaches.js';
import { collectTools } from '../domain/tools/tool-definitions.js';
import type { Inventory, InventoryEndpoint, InventoryMcpServer, InventoryModel, InventoryPrompt, InventoryVectorStore } from './types.js';
import { argumentProperty, calleeLastName, lineOf, preview, redactSecrets, stringValue } from './values.js';
import { propertyValue } from '../model/syntax.js';
import { callMemberNames } from '../catalog/matcher.js';

const isLlmSite = (site: CallSite): boolean => site.entry.kind === 'llm';


function collectModels(facts: FileFacts): InventoryModel[] {
  const { modelKeys, modelFactories } = facts.classifier.agents;
  const models: InventoryModel[] = [];
  const seen = new Set<string>();
  const add = (provider: string, model: string | undefined, node: ts.Node): void => {
    const line = lineOf(node, facts);
    const key = `${provider}\u0000${model}\u0000${line}`;
    if (!model || seen.has(key)) return;
    seen.add(key);
    models.push({ file: facts.path, line, provider, model });
  };
  for (const site of facts.callSites.filter(isLlmSite)) {
    // A client imported from another module (imported-clients.ts) lists its model where it is made, not here.
    for (const obj of optionObjects(site)) if (obj.getSourceFile() === facts.sourceFile) for (const key of modelKeys) add(site.entry.id, stringValue(propertyValue(obj, key), facts), obj);
  }
  // Embedding models: new OpenAIEmbeddings({ model }) and the like.
  for (const node of facts.index.newExpressions) {
    if (!/Embeddings$/.test(calleeLastName(node.expression) ?? '')) continue;
    const origin = facts.originOf(node.expression);
    if (!origin || origin.module === 'globalThis') continue;
    for (const key of modelKeys) add(origin.module.replace(/^@langchain\//, ''), stringValue(argumentProperty(node, key), facts), node);
  }
  const factoryNames = callMemberNames(modelFactories);
  for (const call of facts.index.calls) {
    const name = calleeLastName(call.expression);
    const bare = ts.isIdentifier(unwrap(call.expression));
    if (!name || !call.arguments[0] || !(bare ? facts.topLevelNames.has(name) : factoryNames.has(name))) continue;
    const origin = facts.originOf(call.expression);
    if (origin && origin.module !== 'globalThis' && facts.classifier.matches(modelFactories, origin)) add(origin.module.replace(/^@ai-sdk\//, ''), stringValue(call.arguments[0], facts), call);
  }
  return models;
}

function collectPrompts(facts: FileFacts): InventoryPrompt[] {
  const prompts: InventoryPrompt[] = [];
  for (const message of facts.index.systemMessages) {
    const content = ts.isObjectLiteralExpression(message) ? propertyValue(message, 'content') : message.elements[1];
    prompts.push({ file: facts.path, line: lineOf(message, facts), kind: 'system message', preview: preview(content, facts) });
  }
  const { promptKeys } = facts.classifier.agents;
  const holders: (ts.CallExpression | ts.NewExpression)[] = [
    ...facts.callSites.filter(isLlmSite).map((s) => s.node),
    ...facts.index.newExpressions.filter((n) => calleeLastName(n.expression) === 'Agent'),
  ];
  for (const call of holders) {
    for (const key of promptKeys) {
      const value = argumentProperty(call, key);
      if (value) prompts.push({ file: facts.path, line: lineOf(value, facts), kind: 'instructions option', preview: preview(value, facts) });
    }
  }
  return prompts.sort((a, b) => a.line - b.line);
}

function collectVectorStores(facts: FileFacts): InventoryVectorStore[] {
  const byStore = new Map<string, { site: CallSite; operations: Set<string> }>();
  for (const site of facts.callSites) {
    if (site.entry.kind !== 'vector-store') continue;
    const key = `${vectorBackend(site)}\u0000${site.entry.id}`;
    const entry = byStore.get(key) ?? { site, operations: new Set<string>() };
    entry.operations.add(site.operation);
    byStore.set(key, entry);
  }
  return [...byStore.values()].map(({ site, operations }) => ({ file: facts.path, line: lineOf(site.node, facts), backend: vectorBackend(site), client: site.entry.id, operations: [...operations].sort() }));
}

function mcpTarget(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): string | null {
  const command = stringValue(argumentProperty(call, 'command'), facts);
  if (command) {
    const args = argumentProperty(call, 'args');
    const list = args && ts.isArrayLiteralExpression(unwrap(args)) ? (unwrap(args) as ts.ArrayLiteralExpression).elements.map((e) => stringValue(e, facts) ?? '…') : [];
    return redactSecrets([command, ...list].join(' '), facts);
  }
  const first = call.arguments?.[0] ? unwrap(call.arguments[0]) : undefined;
  const target = first && ts.isNewExpression(first) && calleeLastName(first.expression) === 'URL' ? stringValue(first.arguments?.[0], facts) : (stringValue(first, facts) ?? stringValue(argumentProperty(call, 'name'), facts));
  return target === undefined ? null : redactSecrets(target, facts);
}

function collectMcp(facts: FileFacts): InventoryMcpServer[] {
  const { mcpClientTransports, mcpServers } = facts.classifier.agents;
  const found: InventoryMcpServer[] = [];
  const names = new Set([...callMemberNames(mcpClientTransports), ...callMemberNames(mcpServers)]);
  for (const node of [...facts.index.newExpressions, ...facts.index.calls]) {
    if (!names.has(calleeLastName(node.expression) ?? '')) continue;
    const origin = facts.originOf(node.expression);
    if (!origin || origin.module === 'globalThis') continue;
    const role = facts.classifier.matches(mcpClientTransports, origin) ? 'used' : facts.classifier.matches(mcpServers, origin) ? 'served' : undefined;
    if (role) found.push({ file: facts.path, line: lineOf(node, facts), role, transport: calleeLastName(node.expression) ?? 'unknown', target: mcpTarget(node, facts) });
  }
  return found.sort((a, b) => a.line - b.line);
}

/**
 * Does the handler reach an LLM call, directly or through same-file helpers? If not here, it may
 * through the project functions it calls (`await investigate(q)`): settled once every file was seen.
 */
function drivesAgent(fn: FunctionLike | undefined, facts: FileFacts): Pick<InventoryEndpoint, 'drivesAgent' | 'drivesAgentIf'> {
  if (reachesInFile(fn, facts, (node) => ts.isCallExpression(node) && facts.callSiteOf(node)?.entry.kind === 'llm')) return { drivesAgent: true };
  const through = fn ? someCallReaches(projectCallsFrom(fn, facts), facts, 'llm') : undefined;
  return through ? { drivesAgent: false, drivesAgentIf: through } : { drivesAgent: false };
}

const NEXT_ROUTE = /(?:^|\/)app\/(.*)\/route\.[cm]?[jt]sx?$/;
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

function collectEndpoints(facts: FileFacts): InventoryEndpoint[] {
  const endpoints: InventoryEndpoint[] = [];
  const methods = callMemberNames(facts.classifier.agents.httpServers);
  for (const call of facts.index.calls) {
    const method = calleeLastName(call.expression);
    if (!method || !methods.has(method) || !call.arguments[0] || !ts.isStringLiteralLike(unwrap(call.arguments[0]))) continue;
    const route = stringValue(call.arguments[0], facts);
    if (route === undefined) continue;
    const origin = facts.originOf(call.expression);
    if (!origin || origin.module === 'globalThis' || !facts.classifier.matches(facts.classifier.agents.httpServers, origin)) continue;
    const handlerArg = [...call.arguments].reverse().map((a) => unwrap(a)).find((a) => isFunctionLike(a) || ts.isIdentifier(a));
    const handler = handlerArg && isFunctionLike(handlerArg) ? handlerArg : handlerArg ? facts.localFunction(handlerArg) : undefined;
    endpoints.push({ file: facts.path, line: lineOf(call, facts), framework: origin.module, method: method.toUpperCase(), route, ...drivesAgent(handler, facts) });
  }
  const next = NEXT_ROUTE.exec(facts.path);
  if (next) {
    for (const statement of facts.sourceFile.statements) {
      const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (exported && ts.isFunctionDeclaration(statement) && statement.name && HTTP_METHODS.has(statement.name.text)) {
        endpoints.push({ file: facts.path, line: lineOf(statement, facts), framework: 'next', method: statement.name.text, route: `/${next[1] ?? ''}`, ...drivesAgent(statement, facts) });
      }
    }
  }
  return endpoints;
}

/** One file's share of the agent inventory. */
export function collectInventory(facts: FileFacts): Inventory {
  return {
    models: collectModels(facts),
    prompts: collectPrompts(facts),
    tools: collectTools(facts),
    vectorStores: collectVectorStores(facts),
    mcpServers: collectMcp(facts),
    endpoints: collectEndpoints(facts),
  };
}
