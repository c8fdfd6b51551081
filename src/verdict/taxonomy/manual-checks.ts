/**
 * One check a human can do for each Microsoft failure mode, shown as a manual-review item when no
 * registered rule checks the mode (static analysis cannot decide most of them: they depend on
 * deployment, identity, product design or model behaviour). Keyed by the ids in frameworks.ts; a test
 * keeps the two in step.
 */
export const MANUAL_REVIEW_CHECKS: Readonly<Record<string, string>> = {
  'agent-compromise': 'Check that system prompts, tool lists and model settings come from reviewed, versioned config and cannot be changed by runtime input.',
  'agent-injection': 'Check that new agents can join the workflow only from a fixed registry, never from names or endpoints supplied at run time.',
  'agent-impersonation': 'Check that every agent and every caller of an agent endpoint is authenticated with its own identity before its requests are acted on.',
  'agent-flow-manipulation': 'Check that the order of steps, hand-offs and stop conditions is fixed in code, not chosen from model output or tool results.',
  'agent-provisioning-poisoning': 'Check that the pipeline that creates agents (templates, prompt files, tool manifests) is reviewed and its inputs are pinned.',
  'multi-agent-jailbreaks': 'Check that messages between agents are treated as untrusted input: delimited as data, validated, and unable to change policy.',
  'memory-poisoning': 'Check that only vetted content is written to long-term memory, with its source recorded, and that memory can be audited and purged.',
  'targeted-knowledge-base-poisoning': 'Check who can add documents to the retrieval index and that ingested content is reviewed or scoped to its owner.',
  xpia: 'Check that web pages, emails, files and tool results are passed to the model as marked data, never merged into instructions.',
  'hitl-bypass': 'Check that destructive or irreversible actions need a human approval the model cannot skip, fake or pre-answer.',
  'function-compromise': 'Check that tools and plugins come from trusted, pinned sources and that their results are validated before use.',
  'incorrect-permissions': 'Check that the agent runs with the least privilege: credentials scoped to the tools it needs and to the current user.',
  'resource-exhaustion': 'Check that model calls, tool loops and outbound requests have timeouts, retry limits, step limits and rate or cost budgets.',
  'insufficient-isolation': 'Check that code, files and shells the agent touches are sandboxed to a workspace it cannot escape.',
  'excessive-agency': 'Check that each agent gets only the tools its task needs and that high-impact tools are gated or read-only.',
  'loss-of-data-provenance': 'Check that data the agent stores or forwards keeps a record of where it came from and who supplied it.',
  'insufficient-transparency': 'Check that model calls, tool calls and decisions are traced and logged so an action can be explained after the fact.',
  hallucinations: 'Check that answers which drive actions are grounded in retrieved or tool data and that evals measure factual accuracy.',
  'misinterpretation-of-instructions': 'Check that ambiguous requests lead to a clarifying question and that evals cover instruction-following.',
  'intra-agent-rai-issues': 'Check that content exchanged between agents, not only what the user sees, passes the same Responsible AI filters.',
  'harms-of-allocation': 'Check that when the agent serves several users it allocates time, resources and priority by explicit, fair rules.',
  'organizational-knowledge-loss': 'Check that work delegated to agents stays documented and that people keep the knowledge to do it without them.',
  'prioritization-user-safety': 'Check that goal or task priorities the agent follows cannot override user-safety constraints.',
  'parasocial-relationships': 'Check that the agent discloses it is an AI and that its persona does not encourage emotional dependence.',
  'bias-amplification': 'Check that decisions the agent makes about people are evaluated for bias across groups.',
  'user-impersonation': 'Check that messages and actions the agent takes on behalf of a user are visibly marked as coming from the agent.',
  'insufficient-intelligibility-for-consent': 'Check that users are told, in plain words, what the agent will do with their data and actions before they agree.',
  'agentic-supply-chain-compromise': 'Check that MCP servers, plugins, skills and prompt templates are pinned to reviewed versions and integrity-checked.',
  'goal-hijacking': 'Check that the task goal is fixed by the user or code and that retrieved content cannot restate or replace it.',
  'inter-agent-trust-escalation': 'Check that an agent acting for another gets no more permissions than the requester, verified at every hop.',
  'cua-visual-attack': 'Check that computer-use agents treat on-screen text as untrusted and confirm actions suggested by what they see.',
  'session-context-contamination': 'Check that conversation state and memory are keyed by user and session and reset between them.',
  'mcp-plugin-abuse': 'Check that tool descriptions from MCP servers are reviewed and that no server can shadow the tools of another.',
  'capability-disclosure': 'Check that errors, system prompts, tool schemas and approval logic are never returned to end users.',
};
