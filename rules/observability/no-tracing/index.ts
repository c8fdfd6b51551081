import { defineRule } from '../../../src/engine/rule.js';
import { ownsAgentBehaviour } from '../../../src/domain/prompts/instruction-text.js';
import { TOOLKIT_PACKAGE } from '../../../src/domain/tools/toolkit-package.js';
import { conditionHolds } from '../../../src/model/project-conditions.js';

export default defineRule({
  id: 'observability/no-tracing',
  category: 'observability',
  severity: 'medium',
  confidence: 'high',
  title: 'LLM calls in a project with no tracing or telemetry',
  taxonomy: {
    microsoft: ['insufficient-transparency'],
    owaspLlm: ['LLM10:2025'],
    owaspAgentic: ['T8'],
    cwe: ['CWE-778'],
  },
  docs: {
    summary: 'Flags projects that own agent behaviour and call LLMs but import or depend on no tracing library, unless every call goes through a framework that traces by configuration or the project keeps its own record of each step.',
    details: [
      'A tracing library imported or listed in the dependencies counts: OpenTelemetry, LangSmith, Langfuse, OpenLLMetry, Helicone, Arize/OpenInference, Braintrust, Sentry, the OpenAI Agents SDK… Which tool keeps the trace is its maintainers\' choice.',
      'A project whose every call goes through a framework that traces by configuration alone (LangChain with the LangSmith environment variables) counts as traced.',
      'A project that keeps its own record of each step or model interaction counts as traced: it declares a recorder named for one (`LLMLogger`, `LLMInteractionLog`, `ActionTracker`, `StepTracer`; the word sequences are the catalog\'s `ownTracingNames`).',
      'A counter of tokens or cost (`TokenTracker`) is no trace: it says what a run cost, not what it did.',
      'Only packages that own agent behaviour are judged: instruction text they wrote for a model (in the code or in prompt files) or tools of their own. A published command-line agent is judged.',
      'It reads imports and package.json dependencies; the lists are in rules/catalog/observability.yaml.',
    ],
    notFlagged: [
      'A provider adapter or a chat UI forwarding its users\' prompts is not judged, nor is a package whose only tools are copies of a host\'s tools made one per element of its list, as a bridge relaying them does: it owns no agent behaviour.',
      'A published library that installs no command of its own (its package.json names an entry point, is not private and has no `bin`) is not judged: the applications importing it set up tracing for the agents they build, as LangChain\'s provider packages leave it to @langchain/core\'s callbacks.',
    ],
    why: 'An agent run is a chain of model calls, tool calls and retrievals; when one goes wrong in production, the only way to see which step failed, what the model saw and what it cost is a trace. Industry surveys put observability at 89% of production agents and step-level tracing at 71.5%: an agent without it is debugged from user complaints.',
    bad: `import OpenAI from 'openai';

const openai = new OpenAI();
const instructions = 'You are the support agent of a bike shop. Answer from the repair price list only and say so when a question is outside it.';
export const answer = (q: string) => openai.responses.create({ model: 'gpt-4.1-mini', instructions, input: q });`,
    good: `import { traceable } from 'langsmith/traceable';
import OpenAI from 'openai';

const openai = new OpenAI();
const instructions = 'You are the support agent of a bike shop. Answer from the repair price list only and say so when a question is outside it.';
export const answer = traceable((q: string) => openai.responses.create({ model: 'gpt-4.1-mini', instructions, input: q }), { name: 'answer' });`,
    references: ['https://opentelemetry.io/docs/specs/semconv/gen-ai/', 'https://docs.smith.langchain.com/observability', 'https://langfuse.com/docs', 'https://cwe.mitre.org/data/definitions/778.html'],
  },
  hint: 'Add tracing (OpenTelemetry GenAI, LangSmith, Langfuse…) around agent runs and LLM calls.',
  messages: {
    noTracing: '{{count}} LLM call(s) ({{clients}}) and no tracing library: failed agent runs cannot be reconstructed step by step.',
  },
  checkProject({ project, manifest, promptFiles, catalog, report, checked }) {
    const calls = project.llmCalls;
    // A published library (no command of its own) is run inside its users' applications, which trace and evaluate their agents.
    if (conditionHolds(TOOLKIT_PACKAGE, project)) return;
    // A package that forwards its users' prompts runs no agent of its own whose steps need a trace.
    if (calls.length === 0 || !(ownsAgentBehaviour(project) || promptFiles().length > 0)) return;
    if (project.importsModule([...catalog.observability.tracingModules, ...catalog.observability.tracedByDefaultModules])) return checked();
    // LangChain runs report to LangSmith once LANGSMITH_TRACING is set (langsmith comes with
    // @langchain/core): a project whose every call goes through such a client is traced by configuration.
    if (calls.every((call) => catalog.observability.selfTracingClients.includes(call.client))) return checked();
    // A recorder of its own for the agent's steps or model interactions is the trace its maintainers chose.
    if (project.ownTracingFiles.length > 0) return checked();
    const clients = [...new Set(calls.map((c) => c.client))].sort().join(', ');
    const first = calls[0] as (typeof calls)[number];
    const location = manifest ? { file: manifest.path, line: manifest.dependenciesLine, column: 1, anchor: 'dependencies' } : { file: first.file, line: first.line, column: first.column, anchor: `${first.client} call` };
    report(location, 'noTracing', { count: calls.length, clients });
  },
});
