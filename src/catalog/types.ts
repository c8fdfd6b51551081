export type CallSiteKind = 'http' | 'llm' | 'vector-store';

export interface TimeoutBehaviour {
  /** Options (in the call or the client's factory) that bound the request. */
  readonly options: readonly string[];
  /** Chained methods that set a timeout (superagent's .timeout(ms)). */
  readonly chainMethods?: readonly string[];
  /** The client's own default timeout, when it has one. */
  readonly defaultMs?: number;
  /** Values of a timeout option that turn the default off. */
  readonly disabledWhen?: readonly (number | string | boolean)[];
}

export interface RetryBehaviour {
  /** The library retries with backoff by default. */
  readonly builtIn: boolean;
  /** Client or request option that controls the built-in retry. */
  readonly option?: string;
  /** Values of `option` that turn the built-in retry off ("limit: 0" means an object with limit 0). */
  readonly disabledWhen?: readonly (number | string | boolean)[];
  /** Modules that add retries to this client when installed on it (axios-retry). */
  readonly addOnModules?: readonly string[];
}

/** One library whose calls the analysis classifies, e.g. axios, openai, Pinecone. */
export interface ClientEntry {
  readonly id: string;
  readonly kind: CallSiteKind;
  /** Module specifiers; `*` globs a path segment, `globalThis` means a global binding. */
  readonly modules: readonly string[];
  /** Glob filters on the first member of the import path (the imported name). */
  readonly exports?: readonly string[];
  /** Operation name → call patterns (dotted suffixes of the member path; "()" calls the import itself). */
  readonly operations: Readonly<Record<string, readonly string[]>>;
  readonly throwsOnHttpError?: boolean;
  readonly disablesThrowing?: readonly string[];
  readonly statusProperties?: readonly string[];
  readonly bodyReaders?: readonly string[];
  readonly bodyIsResult?: boolean;
  readonly retry?: RetryBehaviour;
  readonly timeout?: TimeoutBehaviour;
  readonly expiryOptions?: readonly string[];
  /** Vector stores: the database this client talks to, when the module name does not say it. */
  readonly backend?: string;
}

export interface ModuleCalls {
  readonly module: string;
  readonly calls: readonly string[];
}

/** Executors known by their conventional property name, whose methods run a function with retries. */
export interface RetryReceiver {
  readonly names: readonly string[];
  readonly methods: readonly string[];
}

export interface ObservabilityCatalog {
  readonly tracingModules: readonly string[];
  readonly autoInstrumentationModules: readonly string[];
  readonly tracingWrappers: readonly string[];
  readonly telemetryOptions: readonly string[];
  readonly tracedParameters: readonly string[];
  readonly evalModules: readonly string[];
  readonly evalFiles: readonly string[];
}

export interface ToolDefinition {
  readonly id: string;
  readonly module: string;
  readonly calls: readonly string[];
  readonly schemaKeys: readonly string[];
  readonly positionalSchema?: boolean;
  /** The framework records every tool call in its own traces by default. */
  readonly tracedByDefault?: boolean;
}

export interface AgentsCatalog {
  readonly toolDefinitions: readonly ToolDefinition[];
  readonly destructiveVerbs: readonly string[];
  readonly loggingReceivers: readonly string[];
  readonly loggingMethods: readonly string[];
  readonly loggingModules: readonly string[];
  readonly modelFactories: readonly ModuleCalls[];
  readonly modelKeys: readonly string[];
  readonly promptKeys: readonly string[];
  readonly mcpClientTransports: readonly ModuleCalls[];
  readonly mcpServers: readonly ModuleCalls[];
  readonly httpServers: readonly ModuleCalls[];
}

/** A memory API call; contentArgument, when set, is the one argument that holds the remembered content. */
export interface MemoryWrite extends ModuleCalls {
  /** Names the memory in findings (langgraph-store, mem0…). */
  readonly id: string;
  readonly contentArgument?: number;
}

/** Long-term memory writes and the untrusted content that must not reach them unchecked (memory poisoning). */
export interface MemoryCatalog {
  /** Calls that persist to long-term memory besides vector-store writes (chat histories, stores, memory services). */
  readonly writes: readonly MemoryWrite[];
  /** Calls whose result is content from the web: browser automation, scrapers, web search. */
  readonly webContent: readonly ModuleCalls[];
  /** Web document loaders whose Documents carry the page URL in metadata.source. */
  readonly webLoaders: readonly ModuleCalls[];
  /** Document fields holding the bare text: reading one drops the loader's source metadata. */
  readonly documentContentKeys: readonly string[];
  /** Type names of an incoming HTTP request parameter (Next.js route handlers, typed express/fastify handlers). */
  readonly requestTypes: readonly string[];
  /** Members of a request that hold client input (req.body). */
  readonly requestMembers: readonly string[];
  /** Request methods that read client input (request.json(), c.req.query()). */
  readonly requestReaders: readonly string[];
  /** Members of a handler context that are the request (hono's c.req). */
  readonly requestContextMembers: readonly string[];
  /** LLM operations whose result is not model-written text (embeddings, rerank scores), as call-path suffixes. */
  readonly nonTextModelCalls: readonly string[];
  /** Destructured names in a tool handler's first parameter that the framework fills, not the model. */
  readonly toolContextKeys: readonly string[];
  /** Content moderation calls. */
  readonly moderation: readonly ModuleCalls[];
  /** Leading words of functions that check or clean content (validateFact, sanitizeHtml, moderate…). */
  readonly validationPrefixes: readonly string[];
  /** Metadata keys recording where a memory came from (compared lower case, without _ and -). */
  readonly provenanceKeys: readonly string[];
}

export interface Catalog {
  readonly entries: readonly ClientEntry[];
  readonly retryLibraries: readonly ModuleCalls[];
  readonly retryReceivers: readonly RetryReceiver[];
  readonly validators: { readonly modules: readonly string[]; readonly methods: readonly string[] };
  readonly remoteModules: readonly string[];
  readonly sleepFunctions: readonly ModuleCalls[];
  readonly observability: ObservabilityCatalog;
  readonly agents: AgentsCatalog;
  readonly memory: MemoryCatalog;
}

/** The shape of one YAML file: every section optional, merged in file order. */
export interface CatalogFragment {
  readonly entries?: readonly ClientEntry[];
  readonly retryLibraries?: readonly ModuleCalls[];
  readonly retryReceivers?: readonly RetryReceiver[];
  readonly validators?: { readonly modules?: readonly string[]; readonly methods?: readonly string[] };
  readonly remoteModules?: readonly string[];
  readonly sleepFunctions?: readonly ModuleCalls[];
  readonly observability?: Partial<ObservabilityCatalog>;
  readonly agents?: Partial<AgentsCatalog>;
  readonly memory?: Partial<MemoryCatalog>;
}
