import { ts } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { stringValue } from '../../../src/inventory/values.js';
import { mcpLaunchConfigs, packageLaunchOf } from './package-launch.js';
import { isDisplayedSnippet } from './displayed-snippet.js';
import { isIntegrityChecked, isPinnedUrl, isUntrustedUrl, remotePrompts } from './remote-prompts.js';
import { defineRule, type RuleContext } from '../../../src/engine/rule.js';

type MessageId = 'unpinnedServer' | 'remotePrompt' | 'unpinnedHubPrompt';

function checkLaunchConfigs(file: FileFacts, { report, checked }: RuleContext<MessageId>): void {
  for (const config of mcpLaunchConfigs(file)) {
    const launch = packageLaunchOf(config, file);
    if (!launch) continue;
    // A config only turned into text to show people (a snippet to copy) launches nothing.
    if (isDisplayedSnippet(config, file)) continue;
    checked(launch.node);
    // The project's own server, published by the same maintainers, is deliberately run at its latest release.
    const own = launch.ecosystem === 'npm' ? { unless: { ownPackage: launch.name } } : {};
    if (!launch.pinned) report(launch.node, 'unpinnedServer', { runner: launch.runner, spec: launch.spec }, own);
  }
}

function checkRemotePrompts(file: FileFacts, { report, checked }: RuleContext<MessageId>): void {
  const seen = new Set<ts.Node>();
  for (const prompt of remotePrompts(file)) {
    if (seen.has(prompt.sink) || isUntrustedUrl(prompt.request, file)) continue;
    seen.add(prompt.sink);
    checked(prompt.sink);
    if (!isPinnedUrl(prompt.request, file) && !isIntegrityChecked(prompt, file)) report(prompt.sink, 'remotePrompt', { role: prompt.role });
  }
}

function checkPromptHubs(file: FileFacts, { report, checked }: RuleContext<MessageId>): void {
  const hubs = file.classifier.supplyChain.promptHubs;
  if (hubs.length === 0) return;
  for (const call of file.index.calls) {
    // By name first, then the whole list (its matcher is compiled once): most calls are no hub's.
    const origin = file.mayCall(hubs, call) ? file.originOf(call.expression) : undefined;
    const hub = origin && origin.module !== 'globalThis' && file.classifier.matches(hubs, origin) ? hubs.find((h) => file.classifier.matches([h], origin)) : undefined;
    const name = hub && stringValue(call.arguments[0], file);
    if (!hub || name === undefined) continue;
    checked(call);
    if (!new RegExp(hub.pinnedName).test(name)) report(call, 'unpinnedHubPrompt', { name });
  }
}

export default defineRule({
  id: 'security/unpinned-agent-dependency',
  category: 'security',
  severity: 'medium',
  confidence: 'medium',
  title: 'MCP server or prompt loaded from an unpinned package or remote URL at run time',
  taxonomy: {
    microsoft: ['agentic-supply-chain-compromise', 'mcp-plugin-abuse'],
    owaspLlm: ['LLM03:2025'],
    owaspAgentic: ['ASI04', 'T17'],
    cwe: ['CWE-494', 'CWE-829', 'CWE-1357'],
  },
  docs: {
    summary: 'Flags MCP servers launched with no exact version or image digest, instructions fetched from a URL at run time with no integrity check or immutable URL, and LangChain Hub prompts pulled without a commit hash.',
    details: [
      'MCP servers are judged when launched through package runners: npx, bunx, pnpm dlx, uvx, pipx and docker run.',
      'Fetched instructions are instructions, system prompts or tool descriptions whose whole text is fetched from a URL at run time.',
      'An integrity check (digest comparison) or an immutable URL (commit SHA, exact version) covers fetched instructions.',
    ],
    notFlagged: [
      'The project\'s own MCP server (a package of the audited tree or of its npm scope) is not flagged: it is deliberately run at its latest release.',
      'A launch config only turned into text for people to copy (JSON.stringify in a file that writes no files) is not flagged: it is shown to people, not run.',
    ],
    why: 'An MCP server started with `npx -y @scope/server` runs whatever the registry serves at that moment, with the agent\'s credentials and tool access: one compromised or typo-squatted release, and every agent restart installs it. A prompt or tool description fetched from a URL is code for the model — whoever can change that file steers the agent. Pin exact versions (and lock images by digest), and verify fetched instructions against a known hash or pin them to an immutable revision.',
    bad: `import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const transport = new StdioClientTransport({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/data'] });
await new Client({ name: 'agent', version: '1.0.0' }).connect(transport);`,
    good: `import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const transport = new StdioClientTransport({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2025.8.21', '/data'] });
await new Client({ name: 'agent', version: '1.0.0' }).connect(transport);`,
    references: [
      'https://www.microsoft.com/en-us/security/blog/2025/04/24/new-whitepaper-outlines-the-taxonomy-of-failure-modes-in-ai-agents/',
      'https://genai.owasp.org/llmrisk/llm032025-supply-chain/',
      'https://genai.owasp.org/resource/owasp-top-10-for-agentic-applications-for-2026/',
      'https://modelcontextprotocol.io/specification/2025-06-18/basic/security_best_practices',
      'https://cwe.mitre.org/data/definitions/494.html',
    ],
  },
  hint: 'Pin MCP server packages to an exact version (pkg@1.2.3, pkg==1.2.3, image@sha256:…); verify remote prompts against a known digest or pin them to a commit.',
  messages: {
    unpinnedServer: 'MCP server launched with `{{runner}} {{spec}}` has no pinned version: every start runs whatever the registry serves now.',
    remotePrompt: 'The {{role}} is fetched from a URL at run time with no integrity check: whoever controls that file steers the agent.',
    unpinnedHubPrompt: "Prompt '{{name}}' is pulled from the hub without a commit hash: its latest revision becomes the agent's instructions.",
  },
  check(context) {
    checkLaunchConfigs(context.file, context);
    checkRemotePrompts(context.file, context);
    checkPromptHubs(context.file, context);
  },
});
