import { filesystemSinkCalls } from './filesystem-sinks.js';
import { isPathContained } from './path-containment.js';
import { toolArgumentFlowsInto } from './tool-path-flow.js';
import { defineRule } from '../../../src/engine/rule.js';

export default defineRule({
  id: 'security/unscoped-filesystem-tool',
  category: 'security',
  severity: 'high',
  confidence: 'medium',
  title: 'Tool reads, writes or deletes a model-chosen path without containing it to a root directory',
  taxonomy: {
    microsoft: ['insufficient-isolation', 'incorrect-permissions'],
    owaspLlm: ['LLM06:2025', 'LLM05:2025'],
    owaspAgentic: ['T2', 'T3', 'ASI02'],
    cwe: ['CWE-22'],
  },
  docs: {
    summary: 'Flags tools exposed to models that pass a path taken from the tool arguments to fs, fs/promises or fs-extra without resolving it under a root directory and checking that it stays there.',
    details: [
      'It judges tools of the AI SDK, LangChain, OpenAI Agents, Mastra, VoltAgent and MCP, also a handler written as a named function and handed to the tool by name (`server.tool(\'delete_file\', schema, handleDelete)`, `execute: readNote`).',
      'The sinks are fs, fs/promises and fs-extra calls (readFile, writeFile, rm, readdir, rename…).',
      'Only a check on the way the path takes to the sink counts: one in a branch that returns before the read, or after it, does not.',
      'A helper imported from another project file whose name speaks of paths or roots (`resolveWorkspacePath`) is trusted to contain the path.',
    ],
    notFlagged: [
      'Paths the tool gets from elsewhere (its configuration, a fixed file) are not judged: the model does not choose them.',
      'File access through other APIs (an editor or storage abstraction, a cloud bucket) is not judged: only fs, fs/promises and fs-extra calls are sinks.',
      'Helpers more than two same-file calls deep are not judged: the rule follows the path no deeper.',
      'A name reduced to a hash, a number, a slug or a `replace` that keeps only letters, digits, `_` and `-` (`title.replace(/[^a-z0-9]+/g, \'_\')`, no separator and no dot left) is not flagged: it stays in the folder it is joined to.',
    ],
    why: 'A tool’s arguments are written by the model, and the model writes what its context tells it to: a prompt-injected web page or document can ask for `../../.ssh/id_rsa` or `/etc/passwd`, or have the agent overwrite its own code. Without containment the tool works with the full permissions of the process — the environment isolation failure of the Microsoft taxonomy (insufficient isolation), path traversal in CWE terms. Resolve the path against a workspace root and refuse anything that leaves it (path.resolve + startsWith(root + sep), or path.relative without `..`), or accept only a basename or an allow-listed name.',
    bad: `import { tool } from 'ai';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export const readNote = tool({
  description: 'Read a note from the notes folder',
  inputSchema: z.object({ file: z.string() }),
  execute: async ({ file }) => readFile(file, 'utf8'),
});`,
    good: `import { tool } from 'ai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const NOTES_ROOT = path.resolve('data/notes');

export const readNote = tool({
  description: 'Read a note from the notes folder',
  inputSchema: z.object({ file: z.string() }),
  execute: async ({ file }) => {
    const target = path.resolve(NOTES_ROOT, file);
    if (!target.startsWith(NOTES_ROOT + path.sep)) throw new Error('path outside the notes folder');
    return readFile(target, 'utf8');
  },
});`,
    references: [
      'https://cwe.mitre.org/data/definitions/22.html',
      'https://www.microsoft.com/en-us/security/blog/2025/04/24/new-whitepaper-outlines-the-taxonomy-of-failure-modes-in-ai-agents/',
      'https://genai.owasp.org/llmrisk/llm062025-excessive-agency/',
      'https://genai.owasp.org/resource/agentic-ai-threats-and-mitigations/',
      'https://owasp.org/www-community/attacks/Path_Traversal',
    ],
  },
  hint: 'Resolve the path under a fixed root and refuse it unless it stays inside (path.resolve + startsWith(root + path.sep)), or accept only a basename or an allow-listed name.',
  messages: {
    unscoped: 'Tool {{tool}} passes a model-chosen path to {{sink}} without containing it to a root directory.',
  },
  check({ file, report, checked }) {
    for (const sink of filesystemSinkCalls(file)) {
      const flows = sink.paths.flatMap((path) => toolArgumentFlowsInto(path, file));
      if (flows.length === 0) continue;
      const open = flows.find((flow) => !flow.steps.some((step) => isPathContained(step, file)));
      if (open) report(sink.call, 'unscoped', { tool: open.tool ?? '(unnamed)', sink: sink.name });
      else checked(sink.call);
    }
  },
});
