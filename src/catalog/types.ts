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

/** How a scheduler's schedule is written. */
export type ScheduleFormat = 'cron' | 'human-interval' | 'milliseconds' | 'duration-object' | 'recurrence-rule';

/** Where a scheduler call takes an argument: its index (negative counts from the end), or a property of it. */
export interface ArgumentRef {
  readonly argument: number;
  readonly property?: string;
}

export interface SchedulerCallback extends ArgumentRef {
  /** The argument is a task object built by one of these calls of the same module; its `argument` is the function. */
  readonly task?: { readonly calls: readonly string[]; readonly argument: number };
  /** The argument names a job whose function is registered by one of these calls (`agenda.define(name, fn)`). */
  readonly definedBy?: { readonly calls: readonly string[] };
}

/** A job scheduler: a call that runs a callback on a schedule (node-cron, node-schedule, croner…). */
export interface SchedulerEntry {
  readonly id: string;
  readonly modules: readonly string[];
  /** Call patterns, as in `entries[].operations`; a decorator's call counts too. */
  readonly calls: readonly string[];
  readonly schedule: ArgumentRef & { readonly formats: readonly ScheduleFormat[] };
  /** Omitted for decorators: the callback is the decorated method. */
  readonly callback?: SchedulerCallback;
  /** Exported constants that stand for a schedule (`CronExpression.EVERY_5_MINUTES` → its cron text). */
  readonly namedSchedules?: Readonly<Record<string, string>>;
}

export interface Catalog {
  readonly entries: readonly ClientEntry[];
  readonly retryLibraries: readonly ModuleCalls[];
  readonly retryReceivers: readonly RetryReceiver[];
  readonly validators: { readonly modules: readonly string[]; readonly methods: readonly string[] };
  readonly remoteModules: readonly string[];
  readonly sleepFunctions: readonly ModuleCalls[];
  readonly schedulers: readonly SchedulerEntry[];
  readonly observability: ObservabilityCatalog;
  readonly agents: AgentsCatalog;
}

/** The shape of one YAML file: every section optional, merged in file order. */
export interface CatalogFragment {
  readonly entries?: readonly ClientEntry[];
  readonly retryLibraries?: readonly ModuleCalls[];
  readonly retryReceivers?: readonly RetryReceiver[];
  readonly validators?: { readonly modules?: readonly string[]; readonly methods?: readonly string[] };
  readonly remoteModules?: readonly string[];
  readonly sleepFunctions?: readonly ModuleCalls[];
  readonly schedulers?: readonly SchedulerEntry[];
  readonly observability?: Partial<ObservabilityCatalog>;
  readonly agents?: Partial<AgentsCatalog>;
}
