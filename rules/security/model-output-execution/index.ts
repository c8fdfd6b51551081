import type { CodeSinkKind } from '../../../src/catalog/types.js';
import { calleeLastName, ts } from '../../../src/model/ast.js';
import { codeSinksIn } from './code-sinks.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isGuarded, memberReadsIn, type FlowValue } from './output-guards.js';
import type { Declaration } from '../../../src/model/scope.js';
import { isCheckedIn, untrustedFlowsInto, type UntrustedFlow } from '../../../src/domain/untrusted/untrusted-flows.js';
import { defineRule } from '../../../src/engine/rule.js';

const SINK_LABELS: Readonly<Record<CodeSinkKind, string>> = {
  code: 'evaluated as JavaScript',
  shell: 'run as a command',
  module: 'loaded as a module',
  sql: 'run as SQL text',
  'file-path': 'used as a file path to write or delete',
};

const IMPACT: Readonly<Record<CodeSinkKind, string>> = {
  code: 'remote code execution',
  shell: 'command injection',
  module: 'loading attacker-chosen code',
  sql: 'SQL injection',
  'file-path': 'an attacker-chosen file write or delete',
};

const MODEL_KINDS = new Set(['model-output', 'tool-input']);

/** Model output and tool-call arguments reaching `node`, past sanitisers and through same-file helpers. */
function modelFlowsInto(node: ts.Node, facts: FileFacts): UntrustedFlow[] {
  const { sanitizers } = facts.classifier.modelOutputExecution;
  const isBarrier = (call: ts.CallExpression): boolean => sanitizers.includes(calleeLastName(call.expression) ?? '');
  return untrustedFlowsInto(node, facts, { followLocalFunctions: true, isBarrier }).filter((flow) => MODEL_KINDS.has(flow.kind));
}

/**
 * The variables on the way that hold model output (not the constants and clients the trace also
 * visited, like a `ROOT` joined into the path), and the member reads that carry it.
 */
function modelValue(flows: readonly UntrustedFlow[], payloads: readonly ts.Expression[], facts: FileFacts): FlowValue {
  const declarations = new Set<Declaration>();
  for (const decl of new Set(flows.flatMap((flow) => [...flow.via]))) {
    const ref = facts.references(decl)[0];
    if (flows.some((flow) => flow.source === decl.node) || (ref && modelFlowsInto(ref, facts).length > 0)) declarations.add(decl);
  }
  const memberReads = new Set<string>();
  for (const payload of payloads) memberReadsIn(payload, facts, memberReads);
  for (const decl of declarations) if (decl.init) memberReadsIn(decl.init.expression, facts, memberReads);
  return { declarations, memberReads };
}

export default defineRule({
  id: 'security/model-output-execution',
  category: 'security',
  severity: 'critical',
  confidence: 'medium',
  title: 'Model output executed as code, shell command, SQL or file path',
  taxonomy: {
    microsoft: ['agent-compromise', 'xpia', 'insufficient-isolation', 'excessive-agency'],
    owaspLlm: ['LLM05:2025', 'LLM01:2025', 'LLM06:2025'],
    owaspAgentic: ['T11', 'T2', 'ASI05', 'ASI02'],
    cwe: ['CWE-94', 'CWE-95', 'CWE-78', 'CWE-89', 'CWE-73', 'CWE-829'],
  },
  docs: {
    summary: 'Flags model output (LLM SDK results, AI SDK and LangChain generations, tool-call arguments, including those of low-level MCP handlers, LangChain tool subclasses and decorator-defined actions) that reaches eval, new Function, vm, a browser page\'s evaluate, a shell command, a dynamic import/require, raw SQL text or a file path that is written or deleted, with no schema validation, allow-list or containment check on the way.',
    why: 'Whatever a model writes can be steered by anyone who gets text in front of it: a web page it read, a document it retrieved, a user message. When that text is evaluated, run through a shell, spliced into SQL or used as a path to write, a prompt injection becomes remote code execution, SQL injection or an overwritten file, with the agent\'s privileges. Treat model output like user input: parse it against a schema, map it onto a fixed set of commands or paths, and pass values to SQL as bound parameters.',
    bad: `import OpenAI from 'openai';
import { execSync } from 'node:child_process';

const openai = new OpenAI();

export async function runSuggestedCommand(task: string) {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: \`Shell command for: \${task}\` }],
  });
  const command = completion.choices[0].message.content ?? '';
  return execSync(command).toString();
}`,
    good: `import OpenAI from 'openai';
import { execFileSync } from 'node:child_process';

const openai = new OpenAI();
const ALLOWED = ['status', 'log', 'diff'];

export async function runSuggestedCommand(task: string) {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: \`One of status, log, diff for: \${task}\` }],
  });
  const subcommand = (completion.choices[0].message.content ?? '').trim();
  if (!ALLOWED.includes(subcommand)) throw new Error('unexpected command');
  return execFileSync('git', [subcommand]).toString();
}`,
    references: [
      'https://genai.owasp.org/llmrisk/llm052025-improper-output-handling/',
      'https://genai.owasp.org/resource/agentic-ai-threats-and-mitigations/',
      'https://genai.owasp.org/resource/owasp-top-10-for-agentic-applications-for-2026/',
      'https://www.microsoft.com/en-us/security/blog/2025/04/24/new-whitepaper-outlines-the-taxonomy-of-failure-modes-in-ai-agents/',
      'https://cwe.mitre.org/data/definitions/94.html',
      'https://cwe.mitre.org/data/definitions/78.html',
      'https://cwe.mitre.org/data/definitions/89.html',
    ],
  },
  hint: 'Validate model output with a schema or map it onto a fixed allow-list before it runs; use execFile with an argument array, parameterised SQL, and paths contained to a root directory.',
  messages: {
    executed: '{{source}} is {{sink}} by {{call}}() with no schema validation or allow-list on the way: a prompt injection becomes {{impact}}.',
  },
  check({ file, report, checked }) {
    for (const use of codeSinksIn(file)) {
      const flows = use.payloads.flatMap((payload) => modelFlowsInto(payload, file));
      // Only sinks that visibly receive model output are judged.
      if (flows.length === 0) continue;
      checked(use.call);
      if (flows.some((flow) => flow.checkedOnTheWay)) continue;
      const value = modelValue(flows, use.payloads, file);
      if (flows.some((flow) => isCheckedIn(file.sourceFile, { ...flow, via: value.declarations }, file)) || isGuarded(use.call, value, file)) continue;
      const [first] = flows;
      report(use.call, 'executed', {
        source: first?.kind === 'tool-input' ? 'A tool-call argument' : 'Model output',
        sink: SINK_LABELS[use.kind],
        call: use.id === 'import' ? 'import' : (calleeLastName(use.call.expression) ?? use.id),
        impact: IMPACT[use.kind],
      });
    }
  },
});
