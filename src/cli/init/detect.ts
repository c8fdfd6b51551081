import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProjectProfile {
  readonly packageManager: 'npm' | 'pnpm' | 'yarn' | 'bun';
  readonly language: 'TypeScript' | 'JavaScript';
  /** Agent frameworks and SDKs found in package.json, by display name. */
  readonly frameworks: readonly string[];
  readonly ci: 'github' | 'gitlab' | undefined;
}

/** Lockfile → package manager, first match wins (a repository with two keeps the first listed). */
const LOCKFILES: readonly (readonly [string, ProjectProfile['packageManager']])[] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** Dependency name (or scope prefix ending in '/') → framework shown to the user. */
const FRAMEWORKS: readonly (readonly [string, string])[] = [
  ['@langchain/', 'LangChain'],
  ['langchain', 'LangChain'],
  ['@langchain/langgraph', 'LangGraph'],
  ['ai', 'Vercel AI SDK'],
  ['@ai-sdk/', 'Vercel AI SDK'],
  ['openai', 'OpenAI SDK'],
  ['@openai/agents', 'OpenAI Agents SDK'],
  ['@anthropic-ai/sdk', 'Anthropic SDK'],
  ['@modelcontextprotocol/sdk', 'Model Context Protocol'],
  ['@mastra/core', 'Mastra'],
  ['llamaindex', 'LlamaIndex'],
  ['@google/genai', 'Google Gen AI SDK'],
  ['@pinecone-database/pinecone', 'Pinecone'],
];

function dependencyNames(dir: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const fields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
    return fields.flatMap((field) => {
      const deps = manifest[field];
      return deps && typeof deps === 'object' ? Object.keys(deps) : [];
    });
  } catch {
    return [];
  }
}

export function detectProject(dir: string): ProjectProfile {
  const deps = dependencyNames(dir);
  const matches = (pattern: string): boolean => deps.some((d) => (pattern.endsWith('/') ? d.startsWith(pattern) : d === pattern));
  const frameworks = [...new Set(FRAMEWORKS.filter(([pattern]) => matches(pattern)).map(([, name]) => name))];
  const typescript = existsSync(join(dir, 'tsconfig.json')) || deps.includes('typescript');
  return {
    packageManager: LOCKFILES.find(([file]) => existsSync(join(dir, file)))?.[1] ?? 'npm',
    language: typescript ? 'TypeScript' : 'JavaScript',
    frameworks,
    ci: existsSync(join(dir, '.github', 'workflows')) ? 'github' : existsSync(join(dir, '.gitlab-ci.yml')) ? 'gitlab' : undefined,
  };
}
