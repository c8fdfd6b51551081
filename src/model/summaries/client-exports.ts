import { ts } from '../ast.js';
import type { FileFacts } from '../file-facts.js';
import { lastSegment, pathMatches } from '../../catalog/matcher.js';
import type { FunctionFact } from './function-facts.js';
import type { Origin } from '../origin.js';
import type { ClientEntry } from '../../catalog/types.js';

/**
 * The model calls of an LLM client instance exported the same way (`export const openai = new OpenAI()`),
 * keyed by their path (`openai.chat.completions.create`): a route or tool in another file that calls
 * them talks to a model, as if it had made the client itself.
 */
function modelCallFacts(name: string, origin: Origin, entry: ClientEntry, line: number, facts: FileFacts): FunctionFact[] {
  const found: FunctionFact[] = [];
  for (const operation of entry.operations.generate ?? []) {
    const path = operation.split('.');
    const match = facts.classifier.match({ module: origin.module, path: [...origin.path, ...path], calls: [] });
    if (match?.entry.kind !== 'llm' || match.operation !== 'generate') continue;
    const textModel = !facts.classifier.memory.nonTextModelCalls.some((pattern) => pathMatches([...origin.path, ...path], pattern));
    found.push({ key: `${name}.${operation}`, line, base: { network: true, llm: true, textModel, vectorWrite: false, retries: false }, calls: [], open: true });
  }
  return found;
}

/**
 * The request methods of an HTTP client instance this file creates at module level and exports
 * (`const api = axios.create({...}); export default api`), as function facts keyed `api.get`,
 * `api.post`…: a file that imports the instance calls a catalog client the per-file facts cannot
 * see, and the summaries follow `api.post(…)` there to these facts. Each reaches the network and
 * returns the response, which is external content.
 */
export function exportedClientFacts(facts: FileFacts, exportedLocals: ReadonlySet<string>): FunctionFact[] {
  const found: FunctionFact[] = [];
  for (const statement of facts.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || !declaration.initializer || !exportedLocals.has(declaration.name.text)) continue;
      const origin = facts.originOf(declaration.initializer);
      if (!origin || origin.module === 'globalThis') continue;
      const entry = facts.classifier.entryForModule(origin);
      if (!entry || (entry.kind !== 'http' && entry.kind !== 'llm')) continue;
      const line = facts.sourceFile.getLineAndCharacterOfPosition(declaration.getStart(facts.sourceFile)).line + 1;
      if (entry.kind === 'llm') {
        found.push(...modelCallFacts(declaration.name.text, origin, entry, line, facts));
        continue;
      }
      const methods = new Set((entry.operations.request ?? []).map(lastSegment).filter((name) => name !== '()'));
      for (const method of methods) {
        const match = facts.classifier.match({ module: origin.module, path: [...origin.path, method], calls: [] });
        if (match?.entry.kind !== 'http') continue;
        found.push({
          key: `${declaration.name.text}.${method}`,
          line,
          base: { network: true, llm: false, textModel: false, vectorWrite: false, retries: false },
          calls: [],
          flows: { returnsUntrusted: true },
          open: true,
        });
      }
    }
  }
  return found;
}
