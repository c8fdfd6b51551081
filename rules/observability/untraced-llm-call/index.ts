import { enclosingFunction, isFunctionLike, objectProperty, ts } from '../../../src/model/ast.js';
import { isTracingCall, runsInSpan } from '../../../src/model/spans.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { optionObjects } from '../../../src/domain/http/request-options.js';
import { toolFrameworkOf } from '../../../src/domain/tools/tool-definitions.js';
import { defineRule } from '../../../src/engine/rule.js';
import type { ProjectCondition } from '../../../src/model/project-conditions.js';
import { ownerKey } from '../../../src/model/summaries/function-facts.js';

function isTraced(site: CallSite, facts: FileFacts): boolean {
  const options = facts.classifier.observability.telemetryOptions;
  if (optionObjects(site).some((obj) => options.some((name) => objectProperty(obj, name) !== undefined))) return true;
  if (site.origin.calls.some((call) => ts.isCallExpression(call) && isTracingCall(call, facts))) return true;
  const tracedParameters = facts.classifier.observability.tracedParameters;
  for (let fn = enclosingFunction(site.node); fn; fn = enclosingFunction(fn)) {
    if (runsInSpan(fn, facts)) return true;
    // A tool whose framework records each of its runs in the trace: the call is under the tool's span.
    const framework = ts.isMethodDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? toolFrameworkOf(fn, facts) : undefined;
    if (framework && facts.classifier.observability.tracedToolFrameworks.includes(framework)) return true;
    if (fn.parameters.some((p) => ts.isIdentifier(p.name) && tracedParameters.includes(p.name.text))) return true;
    // A named helper called only from inside spans in this file is traced through its callers.
    const callers = facts.callersOf(fn);
    if (callers.length > 0 && callers.every((caller) => { const outer = enclosingFunction(caller); return !!outer && isFunctionLike(outer) && runsInSpan(outer, facts); })) return true;
  }
  return false;
}

export default defineRule({
  id: 'observability/untraced-llm-call',
  category: 'observability',
  severity: 'low',
  confidence: 'medium',
  title: 'LLM call outside any span where the project has tracing',
  taxonomy: {
    microsoft: ['insufficient-transparency'],
    owaspLlm: [],
    owaspAgentic: ['T8'],
    cwe: ['CWE-778'],
  },
  docs: {
    summary: 'In a project that has tracing, flags LLM calls that no span covers: none around the call or in its callers, and none from its client, its framework or auto-instrumentation.',
    details: [
      'A call inside traceable()/observe()/startActiveSpan(), or in a decorated method, is covered.',
      'A call given a telemetry option (AI SDK experimental_telemetry, LangChain callbacks) is covered.',
      'A call made through a wrapped client (wrapOpenAI) is covered.',
      'A call run by a framework that traces its tools (LangChain, OpenAI Agents) is covered.',
      'A call made only from inside spans its callers open is covered.',
      'A call is covered when auto-instrumented: an OpenTelemetry NodeSDK or registerInstrumentations, OpenLLMetry, OpenInference, @vercel/otel, Sentry… registered in any package of the workspace.',
    ],
    why: 'Tracing that misses some model calls shows a run with holes in it: the step that hallucinated or burned the token budget is exactly the one not recorded. Step-level tracing means every LLM call is a span.',
    bad: `import { traceable } from 'langsmith/traceable';
import OpenAI from 'openai';

const openai = new OpenAI();
export const plan = traceable((goal: string) => openai.responses.create({ model: 'gpt-4.1', input: goal }), { name: 'plan' });
export const critique = (draft: string) => openai.responses.create({ model: 'gpt-4.1-mini', input: draft });`,
    good: `import { traceable } from 'langsmith/traceable';
import OpenAI from 'openai';

const openai = new OpenAI();
export const plan = traceable((goal: string) => openai.responses.create({ model: 'gpt-4.1', input: goal }), { name: 'plan' });
export const critique = traceable((draft: string) => openai.responses.create({ model: 'gpt-4.1-mini', input: draft }), { name: 'critique' });`,
    references: ['https://docs.smith.langchain.com/observability/how_to_guides/annotate_code', 'https://ai-sdk.dev/docs/ai-sdk-core/telemetry', 'https://opentelemetry.io/docs/specs/semconv/gen-ai/'],
  },
  hint: 'Run the call inside a span (traceable, observe, startActiveSpan) or enable the SDK telemetry option.',
  messages: {
    untraced: '{{client}} call outside any span: this step is missing from the agent trace.',
  },
  check({ file, report, checked }) {
    const { tracingModules, autoInstrumentationModules, selfTracingClients, selfTracingModules } = file.classifier.observability;
    const noTracing = { lacksModule: tracingModules };
    // Instrumentation registered for the process (an OTel SDK, OpenLLMetry…) traces every call it makes,
    // wherever the setup sits in the workspace: often an observability package beside the provider adapters.
    const processInstrumented: ProjectCondition = { inWorkspace: { anyOf: [{ importsModule: autoInstrumentationModules }, { registersInstrumentation: true }] } };
    for (const site of file.callSites) {
      if (site.entry.kind !== 'llm' || site.operation !== 'generate') continue;
      if (isTraced(site, file)) checked(site.node, { unless: noTracing });
      else {
        // LangChain runs are traced by their callback system once LangSmith is configured: no wrapper needed.
        const configured: ProjectCondition[] = selfTracingClients.includes(site.entry.id) ? [{ importsModule: selfTracingModules }] : [];
        // A provider adapter called only from inside the spans of the agent steps above it is in their trace.
        const owner = ownerKey(site.node);
        const underCallers: ProjectCondition[] = owner ? [{ tracedByCallers: { file: file.path, fn: owner } }] : [];
        report(site.node, 'untraced', { client: site.entry.id }, { notApplicableIf: noTracing, unless: { anyOf: [...configured, processInstrumented, ...underCallers] } });
      }
    }
  },
});
