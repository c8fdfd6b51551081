import type { ProjectCondition } from '../model/project-conditions.js';
/** What the agent is made of: the inventory security reviewers ask for first. */
export interface Located {
  readonly file: string;
  readonly line: number;
  /** The code role of the file, set once the project model is known (`role` of an MCP server says used/served). */
  readonly codeRole?: 'server' | 'browser' | 'script' | 'example' | 'test' | 'generated' | 'vendored' | 'legacy';
}

export interface InventoryModel extends Located {
  readonly provider: string;
  readonly model: string;
}

export interface InventoryPrompt extends Located {
  readonly kind: 'system message' | 'instructions option';
  /** The first words of a literal prompt, or the expression that holds it. */
  readonly preview: string;
}

export interface InventoryTool extends Located {
  readonly name: string | null;
  readonly framework: string;
  readonly schemaValidated: boolean;
  readonly destructive: boolean;
}

export interface InventoryVectorStore extends Located {
  readonly backend: string;
  readonly client: string;
  readonly operations: readonly string[];
}

export interface InventoryMcpServer extends Located {
  readonly role: 'used' | 'served';
  readonly transport: string;
  readonly target: string | null;
}

export interface InventoryEndpoint extends Located {
  readonly framework: string;
  readonly method: string;
  readonly route: string | null;
  /** The handler reaches an LLM call, in this file or (once drivesAgentIf is settled) through project functions. */
  readonly drivesAgent: boolean;
  /** While files are analysed one by one: the handler drives the agent if this holds for the project. Never in a report. */
  readonly drivesAgentIf?: ProjectCondition;
}

export interface Inventory {
  readonly models: readonly InventoryModel[];
  readonly prompts: readonly InventoryPrompt[];
  readonly tools: readonly InventoryTool[];
  readonly vectorStores: readonly InventoryVectorStore[];
  readonly mcpServers: readonly InventoryMcpServer[];
  readonly endpoints: readonly InventoryEndpoint[];
}

export const EMPTY_INVENTORY: Inventory = { models: [], prompts: [], tools: [], vectorStores: [], mcpServers: [], endpoints: [] };

export function mergeInventories(parts: readonly Inventory[]): Inventory {
  return {
    models: parts.flatMap((p) => p.models),
    prompts: parts.flatMap((p) => p.prompts),
    tools: parts.flatMap((p) => p.tools),
    vectorStores: parts.flatMap((p) => p.vectorStores),
    mcpServers: parts.flatMap((p) => p.mcpServers),
    endpoints: parts.flatMap((p) => p.endpoints),
  };
}
