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

/** A credential format a provider documents, e.g. OpenAI's `sk-proj-…` keys. */
export interface SecretFormat {
  readonly id: string;
  readonly provider: string;
  /** JavaScript regular expression source (no flags) matching the whole credential. */
  readonly pattern: string;
  /** Only trusted when the value is assigned to one of these names (formats too generic to stand alone). */
  readonly names?: readonly string[];
  /** Shannon entropy (bits per character) the credential must reach; default `formatMinEntropy`. */
  readonly minEntropy?: number;
}

/** What a hardcoded credential looks like: provider formats, and credential-named high-entropy strings. */
export interface SecretsCatalog {
  readonly formats: readonly SecretFormat[];
  /** Names (camelCase or snake_case, matched word by word at the end of an identifier) that hold credentials. */
  readonly credentialNames: readonly string[];
  /** Words before a credential name that make it something else (maxTokens, pageToken, publicKey…). */
  readonly nonCredentialQualifiers: readonly string[];
  /** Keys that providers publish by design (analytics write keys, publishable keys): never a finding. */
  readonly publicKeyPatterns: readonly string[];
  /** Keys of an object literal that make it a public web client config (Firebase): its keys are not findings. */
  readonly publicConfigKeys: readonly string[];
  /** Properties that document a value (UI placeholders, schema examples): a key written there is an illustration. */
  readonly documentationKeys: readonly string[];
  /** Words that make a value a placeholder or docs example (your-api-key, sk-xxxx, EXAMPLE). */
  readonly placeholderWords: readonly string[];
  /** Calls whose first argument names the credential the second sets (`headers.set('Authorization', …)`). */
  readonly nameValueSetters: readonly string[];
  /** Shortest credential-named literal judged. */
  readonly minLength: number;
  /** Shannon entropy (bits per character) a credential-named literal must reach. */
  readonly minEntropy: number;
  /** Default entropy a provider-format match must reach. */
  readonly formatMinEntropy: number;
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
  readonly secrets: SecretsCatalog;
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
  readonly secrets?: Partial<SecretsCatalog>;
}
