import { defineRule } from '../../../src/engine/rule.js';
import { ownsAgentBehaviour } from '../../../src/domain/prompts/instruction-text.js';
import { TOOLKIT_PACKAGE } from '../../../src/domain/tools/toolkit-package.js';
import { conditionHolds } from '../../../src/model/project-conditions.js';

export default defineRule({
  id: 'observability/no-evals',
  category: 'observability',
  severity: 'medium',
  confidence: 'medium',
  title: 'LLM calls in a project with no offline evaluation suite',
  taxonomy: {
    microsoft: ['hallucinations', 'misinterpretation-of-instructions'],
    owaspLlm: ['LLM09:2025'],
    owaspAgentic: ['T5', 'T7'],
    cwe: [],
  },
  docs: {
    summary: 'Flags projects that call LLMs and own agent behaviour but have no offline eval suite: no eval library, no eval files and no eval plumbing in the code.',
    details: [
      'Eval libraries include promptfoo, autoevals, evalite, vitest-evals, @mastra/evals, LangSmith evaluate and Braintrust.',
      'Eval files are promptfooconfig.yaml, *.eval.ts and evals/.',
      'Eval plumbing in the code is eval-run ids, eval modes and evaluation runners.',
      'Only packages that own agent behaviour are judged: instruction text they wrote for a model (system prompts, prompt templates, prompt files such as prompts/*.md) or tools of their own.',
      'A published command-line agent is judged.',
      'The lists are in rules/catalog/observability.yaml.',
    ],
    notFlagged: [
      'Copies of a host\'s tools made one per element of its list, as a bridge relaying them does, are not tools of the package\'s own, so they do not make it own agent behaviour.',
      'A provider adapter or a chat UI forwarding its users\' prompts is not judged: it does not own agent behaviour.',
      'A published library that installs no command of its own (its package.json names an entry point, is not private and has no `bin`) is not judged: the applications importing it evaluate the agents they build with it.',
    ],
    why: 'A prompt change, a model upgrade or a new tool silently changes what the agent does. Offline evals (a fixed set of inputs with expected behaviour, run before release) are what catches that; surveys put offline evals at only 52% of production agents, and step-level tracing at 71.5% — the gap is where regressions ship.',
    bad: `import { generateText } from 'ai';

const SYSTEM = 'You are a release-notes editor. Summarise the changes for customers in three bullet points, leaving out internal ticket numbers.';

export const summarise = (text: string) => generateText({ model: 'openai/gpt-4.1-mini' as never, system: SYSTEM, prompt: text });`,
    good: `// summarise.eval.ts — run in CI before every release
import { evalite } from 'evalite';
import { Levenshtein } from 'autoevals';
import { summarise } from './summarise.js';

evalite('summaries', {
  data: async () => [{ input: 'Long release notes…', expected: 'Short summary…' }],
  task: async (input) => (await summarise(input)).text,
  scorers: [Levenshtein],
});`,
    references: ['https://www.promptfoo.dev/docs/intro/', 'https://www.evalite.dev/', 'https://docs.smith.langchain.com/evaluation'],
  },
  hint: 'Add an offline eval suite (promptfoo, evalite, autoevals…) that runs in CI before release.',
  messages: {
    noEvals: '{{count}} LLM call(s) and no offline eval suite: prompt and model changes ship untested.',
  },
  checkProject({ project, manifest, evalFiles, promptFiles, catalog, report, checked }) {
    const calls = project.llmCalls;
    // A published library (no command of its own) is run inside its users' applications, which evaluate the agents they build.
    if (conditionHolds(TOOLKIT_PACKAGE, project)) return;
    // Only behaviour the package owns is its to evaluate: prompts its users write are theirs.
    if (calls.length === 0 || !(ownsAgentBehaviour(project) || promptFiles().length > 0)) return;
    if (project.importsModule(catalog.observability.evalModules) || evalFiles().length > 0 || project.evalPlumbingFiles.length > 0) return checked();
    const first = calls[0] as (typeof calls)[number];
    const location = manifest ? { file: manifest.path, line: manifest.dependenciesLine, column: 1, anchor: 'dependencies' } : { file: first.file, line: first.line, column: first.column, anchor: `${first.client} call` };
    report(location, 'noEvals', { count: calls.length });
  },
});
