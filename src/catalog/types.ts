import type { Agrees, FromSchema, MergedFromSchema } from './from-schema.js';
import type { catalogFragmentSchema, clientEntrySchema, moduleCallsSchema, schedulerEntrySchema, textSplitterSchema } from './schema.js';

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
  /** How `agent-audit fix` bounds a request (see the catalog schema). */
  readonly fix?: TimeoutFixRecipe;
}

export interface TimeoutFixRecipe {
  /** The option to add, e.g. `signal`. */
  readonly option: string;
  /** Its value; `{{ms}}` is the configured timeout, e.g. `AbortSignal.timeout({{ms}})`. */
  readonly value: string;
  /** Index of the call's options argument (default 1). */
  readonly argument?: number;
  /** The same by method, where it differs (`axios.post(url, data, config)`). */
  readonly argumentByMethod?: Readonly<Record<string, number>>;
  /** The bound covers the body too (AbortSignal.timeout): only for a response read whole on the spot. */
  readonly wholeExchange?: boolean;
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
  /** Methods that derive a client with retries or failover (`model.withRetry()`, `model.withFallbacks([backup])`). */
  readonly chainMethods?: readonly string[];
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
  /** Bodies read as text or bytes (`.text()`, `responseType: 'arraybuffer'`): no shape for a schema to check. */
  readonly shapelessBody?: ShapelessBody;
  readonly retry?: RetryBehaviour;
  readonly timeout?: TimeoutBehaviour;
  readonly expiryOptions?: readonly string[];
  /** Vector stores: the database this client talks to, when the module name does not say it. */
  readonly backend?: string;
  /** Vector stores: method → index of its positional filter argument (`similaritySearch(query, k, filter)`). */
  readonly filterArguments?: Readonly<Record<string, number>>;
}

export interface ShapelessBody {
  readonly readers?: readonly string[];
  readonly option?: string;
  readonly optionValues?: readonly string[];
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

export interface ToolDefinition {
  readonly id: string;
  readonly module: string;
  readonly calls: readonly string[];
  readonly schemaKeys: readonly string[];
  readonly positionalSchema?: boolean;
  /** The framework records every tool call in its own traces by default. */
  readonly tracedByDefault?: boolean;
  /** The call is a method decorator (`@CreateAction({…})`): the decorated method is the handler. */
  readonly decorator?: boolean;
  /** Also known by its shape on an untyped parameter (`server.tool('name', …, handler)` in compiled JavaScript). */
  readonly byShape?: boolean;
  /**
   * The framework turns an error thrown by the handler into a tool result the model reads, and the run
   * goes on (AI SDK 5+, OpenAI Agents, the MCP server SDK, LangChain 1+): since `sinceMajor` of each
   * of the packages that run the tools the package.json declares (`packages`, by default the one
   * `module` belongs to).
   */
  readonly errorsAnswerModel?: { readonly sinceMajor?: number; readonly packages?: readonly string[] };
}

/** A text splitter or chunker: how it overlaps chunks and whether it cuts at structure rather than every N characters. */
export interface TextSplitter {
  readonly id: string;
  readonly modules: readonly string[];
  /** Constructors or calls that make or run the splitter (member-path suffixes, as in ModuleCalls). */
  readonly calls: readonly string[];
  readonly overlapOptions: readonly string[];
  /** The overlap the library uses when no option sets it. */
  readonly defaultOverlap: number;
  /** Cuts at separators, sentences, headings or meaning. */
  readonly structureAware: boolean;
  /** The call picks its algorithm by this option: the entry applies only to these literal values. */
  readonly strategy?: { readonly option: string; readonly values: readonly string[] };
}

/** A constructor of conversation memory and what caps the history it keeps. */
export interface MemoryClass {
  readonly id: string;
  readonly module: string;
  readonly calls: readonly string[];
  /** Dotted option paths in the first argument that cap the history (`options.lastMessages`). */
  readonly boundOptions: readonly string[];
  /** The class caps history by default; only `unboundedWhen` values of a bound option turn it off. */
  readonly boundedByDefault?: boolean;
  readonly unboundedWhen?: readonly (number | string | boolean)[];
}

/** A memory API call; contentArgument, when set, is the one argument that holds the remembered content. */
export interface MemoryWrite extends ModuleCalls {
  /** Names the memory in findings (langgraph-store, mem0…). */
  readonly id: string;
  readonly contentArgument?: number;
}

/** File-system calls and the argument positions that name a path. */
export interface FilesystemSink extends ModuleCalls {
  readonly pathArguments: readonly number[];
}

/** An opening and closing text that fence content off as data; `*` in open/close is a tag name (`<*>` … `</*>`). */
export interface DataDelimiter {
  readonly open: string;
  readonly close: string;
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

/** What a sink does with the string it is given. */
export type CodeSinkKind = 'code' | 'shell' | 'module' | 'sql' | 'file-path';

/** A call that runs, loads or addresses the string it is given (eval, exec, raw SQL, fs.writeFile…). */
export interface CodeSink {
  readonly id: string;
  readonly kind: CodeSinkKind;
  readonly module: string;
  readonly calls: readonly string[];
  /** Every argument is a sink (`new Function(a, b, body)`); otherwise only the first. */
  readonly allArguments?: boolean;
  /** Arguments that are a sink only when a shell runs them (`shell: true`, or a shell binary). */
  readonly shellArguments?: readonly number[];
  /** Methods of what these calls return are not sinks (`db.prepare(sql).run(params)` binds values; `new vm.Script(code).runInContext(ctx)` takes a context). */
  readonly unlessAfter?: readonly string[];
}

/** A command that downloads and runs a package named in its arguments (npx, uvx, docker run…). */
export interface PackageRunner {
  readonly command: string;
  /** The runner's subcommand that fetches and runs (`pnpm dlx`, `docker run`). */
  readonly subcommand?: string;
  /** How a pinned version is spelled: npm `name@1.2.3`, python `name==1.2.3`, docker `image@sha256:…`. */
  readonly ecosystem: 'npm' | 'python' | 'docker';
  /** Flags followed by a separate value (`-e KEY`), so that value is not the package. */
  readonly valueFlags?: readonly string[];
  /** Flags whose value is the package itself (`npx --package pkg`, `uvx --from pkg`). */
  readonly packageFlags?: readonly string[];
}

/** A callback registration that runs once per incoming message, connection or request, from any user. */
export interface HandlerRegistration extends ModuleCalls {
  /** Names the kind of handler in findings (ws, socket.io, slack…). */
  readonly id: string;
  /** Event names (a literal first argument) that carry a user's message or connection; absent: every registration counts. */
  readonly events?: readonly string[];
  /** Keys of an options argument whose function values are the handlers (`Bun.serve({ fetch })`); absent: function arguments. */
  readonly handlerOptions?: readonly string[];
}

/** The shape of one YAML file: every section optional, merged in file order. Read off the schema. */
export type CatalogFragment = FromSchema<typeof catalogFragmentSchema>;

/** The merged catalog the rules read: every section present, every list possibly empty. Read off the schema. */
export type Catalog = MergedFromSchema<typeof catalogFragmentSchema>;

export type ObservabilityCatalog = Catalog['observability'];
export type AgentsCatalog = Catalog['agents'];
export type RetrievalCatalog = Catalog['retrieval'];
export type HistoryCatalog = Catalog['history'];
export type MemoryCatalog = Catalog['memory'];
export type FilesystemCatalog = Catalog['filesystem'];
export type PromptInjectionCatalog = Catalog['promptInjection'];
export type SecretsCatalog = Catalog['secrets'];
export type ToolDispatchCatalog = Catalog['toolDispatch'];
export type ModelOutputExecutionCatalog = Catalog['modelOutputExecution'];
export type SupplyChainCatalog = Catalog['supplyChain'];
export type CapabilityDisclosureCatalog = Catalog['capabilityDisclosure'];
export type HumanApprovalCatalog = Catalog['humanApproval'];
export type EndpointAuthCatalog = Catalog['endpointAuth'];
export type SessionStateCatalog = Catalog['sessionState'];

type Item<T> = T extends readonly (infer I)[] ? I : never;
type Holds<T extends true> = T;
type Sections = typeof catalogFragmentSchema.properties;

/** The named element types above are documented by hand; the compiler holds each one to the schema. */
export type ElementTypesMatchTheSchema = [
  Holds<Agrees<ClientEntry, FromSchema<typeof clientEntrySchema>>>,
  Holds<Agrees<ModuleCalls, FromSchema<typeof moduleCallsSchema>>>,
  Holds<Agrees<TextSplitter, FromSchema<typeof textSplitterSchema>>>,
  Holds<Agrees<SchedulerEntry, FromSchema<typeof schedulerEntrySchema>>>,
  Holds<Agrees<RetryReceiver, Item<Catalog['retryReceivers']>>>,
  Holds<Agrees<ToolDefinition, Item<AgentsCatalog['toolDefinitions']>>>,
  Holds<Agrees<MemoryClass, Item<HistoryCatalog['memoryClasses']>>>,
  Holds<Agrees<MemoryWrite, Item<MemoryCatalog['writes']>>>,
  Holds<Agrees<FilesystemSink, Item<FilesystemCatalog['sinks']>>>,
  Holds<Agrees<DataDelimiter, Item<PromptInjectionCatalog['dataDelimiters']>>>,
  Holds<Agrees<SecretFormat, Item<SecretsCatalog['formats']>>>,
  Holds<Agrees<CodeSink, Item<ModelOutputExecutionCatalog['sinks']>>>,
  Holds<Agrees<PackageRunner, Item<SupplyChainCatalog['packageRunners']>>>,
  Holds<Agrees<HandlerRegistration, Item<SessionStateCatalog['messageHandlers']>>>,
  Holds<Agrees<keyof Sections, keyof Catalog>>,
];
