import type { RolesCatalog } from '../model/roles/types.js';
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
  readonly retry?: RetryBehaviour;
  readonly timeout?: TimeoutBehaviour;
  readonly expiryOptions?: readonly string[];
  /** Vector stores: the database this client talks to, when the module name does not say it. */
  readonly backend?: string;
  /** Vector stores: method → index of its positional filter argument (`similaritySearch(query, k, filter)`). */
  readonly filterArguments?: Readonly<Record<string, number>>;
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
  /** Clients whose calls trace themselves once one of selfTracingModules is installed (LangChain runs with LangSmith). */
  readonly selfTracingClients: readonly string[];
  readonly selfTracingModules: readonly string[];
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

/** What verifies retrieved documents before they reach a prompt, and what carries them there. */
export interface RetrievalCatalog {
  /** Option keys of a retrieval call (or its retriever's factory) that threshold or filter the results. */
  readonly verifyingOptions: readonly string[];
  /** Callee names (globs) that rerank, compress or filter documents: results passed to one are verified. */
  readonly verifyingCalls: readonly string[];
  /** Calls and constructors whose result still carries the documents passed in (formatters, message classes). */
  readonly carriers: readonly ModuleCalls[];
  /** Methods of a retrieved document or node that return its text. */
  readonly documentReaders: readonly string[];
  /** Prompt templates: formatting or invoking one with retrieved text puts it in a prompt. */
  readonly promptTemplates: readonly ModuleCalls[];
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

/** What a chat message looks like and what keeps a conversation history bounded. */
export interface HistoryCatalog {
  readonly memoryClasses: readonly MemoryClass[];
  readonly trimmers: readonly ModuleCalls[];
  readonly boundingWords: readonly string[];
  readonly messageClasses: readonly ModuleCalls[];
  readonly messageTypes: readonly string[];
  readonly roles: readonly string[];
  readonly messageOptions: readonly string[];
  readonly listenerMethods: readonly string[];
  /** Methods of an options object that run once per object, not per event (a ReadableStream source's `start`). */
  readonly onceHooks: readonly string[];
  readonly interactiveInputs: readonly ModuleCalls[];
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

/** File-system calls and the argument positions that name a path. */
export interface FilesystemSink extends ModuleCalls {
  readonly pathArguments: readonly number[];
}

/** File-system sinks a tool may aim at a model-chosen path, and what contains a path to a root. */
export interface FilesystemCatalog {
  readonly sinks: readonly FilesystemSink[];
  /** Path-module calls that contain an input (basename, relative). */
  readonly pathContainment: readonly ModuleCalls[];
  /** Modules whose calls test that a path lies inside a directory. */
  readonly containmentModules: readonly string[];
  /** Leading words of helpers that resolve a path inside a root or refuse it (safePath, ensureWithin…). */
  readonly containmentHelpers: readonly string[];
  /** Words in the name of a helper imported from another project file that may contain a path (its body is not visible). */
  readonly projectHelperWords: readonly string[];
  /** Calls whose result no longer carries a path: hashes, numbers, URL-encoding, slugs. */
  readonly neutralisingCalls: readonly string[];
}

/** An opening and closing text that fence content off as data; `*` in open/close is a tag name (`<*>` … `</*>`). */
export interface DataDelimiter {
  readonly open: string;
  readonly close: string;
}

/** Cross-domain prompt injection: where system prompts are built and what external content must not enter them unfenced. */
export interface PromptInjectionCatalog {
  /** Calls or constructors whose first argument is system-level text (`new SystemMessage(text)`). */
  readonly systemMessageCalls: readonly ModuleCalls[];
  /** Agent constructors and factories whose `agents.promptKeys` options hold instructions. */
  readonly instructionHolders: readonly ModuleCalls[];
  /** Calls that read a file; a source only when the path itself comes from request, model or tool input. */
  readonly fileReads: readonly ModuleCalls[];
  /** Calls that return email messages or their parsed bodies. */
  readonly emailReaders: readonly ModuleCalls[];
  /** Calls that return another tool's or MCP server's result. */
  readonly toolResults: readonly ModuleCalls[];
  /** Calls that return retrieved documents (besides vector-store `retrieve` operations). */
  readonly retrievers: readonly ModuleCalls[];
  /** Function-name prefixes of a sanitising or injection-detection step (`escapeXml`, `detectInjection`). */
  readonly sanitizerPrefixes: readonly string[];
  /** Delimiters that fence interpolated content off as data. */
  readonly dataDelimiters: readonly DataDelimiter[];
  /** Phrases (case-insensitive regular expressions) telling the model the fenced content is data, not instructions. */
  readonly dataMarkers: readonly string[];
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

/** How a model's tool calls look in code and what makes dispatching them safe (security/unvalidated-tool-dispatch). */
export interface ToolDispatchCatalog {
  /** Members that read the model's tool calls from a response or message (`message.tool_calls`). */
  readonly toolCallMembers: readonly string[];
  /** Type names of a model tool call (a parameter typed so receives one). */
  readonly toolCallTypes: readonly string[];
  /** Members of a tool call that hold the tool name the model chose. */
  readonly toolNameMembers: readonly string[];
  /** Members of a tool call that hold the arguments the model wrote (`function.arguments`, `input`). */
  readonly toolArgumentMembers: readonly string[];
  /** Registry methods that look a tool up by name (`registry.get(name)`). */
  readonly lookupMethods: readonly string[];
  /** Methods that test whether a name is an allowed tool (`tools.has(name)`, `allowed.includes(name)`). */
  readonly membershipMethods: readonly string[];
  /** Methods of a framework tool object that validate the arguments against its schema before running. */
  readonly frameworkInvokers: readonly string[];
  /** SDK modules whose results hold only calls of the tools offered, with input parsed by each tool's schema (AI SDK). */
  readonly validatingModules: readonly string[];
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

/** Sinks for model output and what makes a value safe to hand them (security/model-output-execution). */
export interface ModelOutputExecutionCatalog {
  readonly sinks: readonly CodeSink[];
  /** Binaries that run their argument list as a script (`spawn('sh', ['-c', cmd])`). */
  readonly shellBinaries: readonly string[];
  /** Option names that hand an argument list to a shell. */
  readonly shellOption: readonly string[];
  /** Keys of an object argument that hold SQL text (`execute({ sql, args })`). */
  readonly sqlTextKeys: readonly string[];
  /** Methods of a fixed collection that test whether it holds the value (`ALLOWED.includes(cmd)`). */
  readonly allowListMethods: readonly string[];
  /** Methods of the value that test its prefix (`full.startsWith(root)`). */
  readonly containmentMethods: readonly string[];
  /** Callee names whose result no longer carries the model's command, path or SQL. */
  readonly sanitizers: readonly string[];
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

/** What loads agent code and instructions from outside the repository at run time. */
export interface SupplyChainCatalog {
  readonly packageRunners: readonly PackageRunner[];
  /** Packages that only run a local script (`npx tsx ./server.ts`): nothing is fetched that matters. */
  readonly localScriptRunners: readonly string[];
  /** Modules whose import marks a file as configuring MCP clients (launch configs in it are MCP servers). */
  readonly mcpClientModules: readonly string[];
  /** Object keys that hold MCP server launch configs (`mcpServers: { github: { command, args } }`). */
  readonly launchConfigKeys: readonly string[];
  /** Calls that pull a prompt from a hub by name; the name is pinned when it matches `pinnedName`. */
  readonly promptHubs: readonly (ModuleCalls & { readonly pinnedName: string })[];
  /** Tool-definition option keys holding the description the model reads. */
  readonly toolDescriptionKeys: readonly string[];
  /** Callee names that verify fetched content against a known digest or signature. */
  readonly integrityCalls: readonly string[];
  /** Regular expressions for URLs that name immutable content (a commit SHA, an exact package version). */
  readonly pinnedUrlPatterns: readonly string[];
}

/** What a route handler sends to its client, and what in it discloses the agent's internals. */
export interface CapabilityDisclosureCatalog {
  /** Methods of a handler's response parameter that send a body (`res.json`, `reply.send`, `c.json`). */
  readonly responseMethods: readonly string[];
  /** Constructors and calls that build a response body (`Response.json`, `NextResponse.json`, `new Response`). */
  readonly responseBuilders: readonly ModuleCalls[];
  /** Properties whose assignment sets the body (`ctx.body = …` in koa). */
  readonly bodyProperties: readonly string[];
  /** Members of an error that expose internals wherever the error came from. */
  readonly errorDetailMembers: readonly string[];
  /** Members of an error whose text carries upstream internals when the error came from an LLM or tool call. */
  readonly errorMessageMembers: readonly string[];
  /** Error classes meant for the client (validation of its own input, deliberate HTTP errors). */
  readonly clientErrorClasses: readonly string[];
  /** Names in a condition that make a branch development-only (`process.env.NODE_ENV`, `isDev`). */
  readonly devOnlyNames: readonly string[];
  /** Members that hold an agent's instructions (`agent.instructions`). */
  readonly systemPromptMembers: readonly string[];
  /** Framework hooks whose callback receives any error a route threw (`app.onError`, fastify `setErrorHandler`). */
  readonly errorHooks: readonly string[];
  /** Option keys of LLM calls and agents that hold the tool set. */
  readonly toolSetKeys: readonly string[];
}

/** What makes a destructive tool wait for a person (security/unconfirmed-destructive-action). */
export interface HumanApprovalCatalog {
  /** Leading words of tool names or handler calls that act irreversibly (delete, send, pay, deploy, exec…). */
  readonly verbs: readonly string[];
  /** Tool definition options that request approval before the handler runs (needsApproval…). */
  readonly toolOptions: readonly string[];
  /** Agent-level options in the same file that gate tool calls (toolApproval, interruptOn…). */
  readonly agentOptions: readonly string[];
  /** Library calls that pause for a person (LangGraph interrupt). */
  readonly calls: readonly ModuleCalls[];
  /** Method names that ask a person whatever the receiver (elicitInput, suspend). */
  readonly methods: readonly string[];
  /** Case-insensitive globs on callee names of approval helpers (confirm*, *approval*). */
  readonly callNames: readonly string[];
  /** Words of a checked value that make it a confirmation token (confirm, approved…). */
  readonly guardWords: readonly string[];
  /** Options that make a tool or call a preview (dryRun: true). */
  readonly dryRunOptions: readonly string[];
  /** Words in a tool name that make it a preview. */
  readonly dryRunWords: readonly string[];
  /** Handler callees that start with a verb but act on the process (removeEventListener). */
  readonly ignoredCalls: readonly string[];
  /** In-memory classes whose methods change nothing outside (Map.delete, RegExp.exec). */
  readonly inMemoryClasses: readonly string[];
  /** Members that hold in-memory values (url.searchParams.delete). */
  readonly inMemoryMembers: readonly string[];
  /** Words after the verb that make the target the agent's own bookkeeping (deleteTodo, spawnSubagent). */
  readonly internalObjects: readonly string[];
  /** Tool definition ids (toolDefinitions[].id) whose host application confirms calls with the user (mcp). */
  readonly hostConfirmed: readonly string[];
  /** Annotations that, set to true, tell the host the tool only reads (readOnlyHint). */
  readonly readOnlyHints: readonly string[];
  /** Annotations that, set to false, tell the host the tool destroys nothing (destructiveHint). */
  readonly destructiveHints: readonly string[];
}

/** What makes an HTTP endpoint drive an agent, and what authenticates it. */
export interface EndpointAuthCatalog {
  readonly agentRuns: readonly ModuleCalls[];
  readonly authNameParts: readonly string[];
  readonly authNameWords: readonly string[];
  readonly authFunctionNames: readonly string[];
  readonly authContextMembers: readonly string[];
  readonly authHeaders: readonly string[];
  readonly headerReaders: readonly string[];
  readonly deniedStatuses: readonly number[];
  readonly deniedTexts: readonly string[];
  readonly hookOptions: readonly string[];
  readonly hookCalls: readonly string[];
  readonly mountCalls: readonly string[];
  readonly serveCalls: readonly string[];
  readonly loopbackHosts: readonly string[];
  readonly projectModulePrefixes: readonly string[];
  readonly nextMiddlewareFiles: readonly string[];
  readonly nextRouteFiles: readonly string[];
  readonly nextPagesApiFiles: readonly string[];
  readonly nextApiRequestTypes: readonly string[];
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

/** Conversation, memory and agent state, and the handlers that serve many users (security/shared-session-state). */
export interface SessionStateCatalog {
  /** Words in a variable or field name that make it conversation or agent state (messages, history, memory…). */
  readonly stateWords: readonly string[];
  /** Words that make such a name something else (errorMessages, messageQueue, contextMenu…). */
  readonly nonStateWords: readonly string[];
  /** Memories and message histories that hold one conversation: created once, every caller shares it. */
  readonly sharedMemoryClasses: readonly ModuleCalls[];
  /** Chains, chat engines and agents that keep the conversation inside the instance. */
  readonly statefulAgents: readonly ModuleCalls[];
  /** Option keys that hand a memory to a chain or agent (`new ConversationChain({ llm, memory })`). */
  readonly memoryOptions: readonly string[];
  /** Option keys of a function that returns the memory for a session (`getMessageHistory: (sessionId) => …`). */
  readonly memoryGetters: readonly string[];
  /** Options of a call on a stateful agent that supply the history per call (`engine.chat({ message, chatHistory })`). */
  readonly perCallHistoryOptions: readonly string[];
  /** Registrations of message, connection and event handlers besides agents.httpServers routes. */
  readonly messageHandlers: readonly HandlerRegistration[];
  /** Method decorators that make the method a request or message handler (NestJS `@Post()`, `@SubscribeMessage()`). */
  readonly decoratedHandlers: readonly ModuleCalls[];
  /** Class decorators of framework-managed classes the framework creates once per process (NestJS `@Controller`, `@Injectable`). */
  readonly singletonClasses: readonly ModuleCalls[];
  /** Scope values in such a decorator's options that make one instance per request instead (`Scope.REQUEST`). */
  readonly perRequestScopes: readonly string[];
  /** Lifecycle methods of such classes that run once at start-up or shutdown, not per request. */
  readonly lifecycleMethods: readonly string[];
  /** Exported function names a serverless platform calls per request (`export const handler = async (event) => …`). */
  readonly serverlessExports: readonly string[];
  /** Methods of a default-exported object that a runtime calls per request (`export default { fetch }`). */
  readonly workerMethods: readonly string[];
  /** Directives that make a file browser code: its module state belongs to one user. */
  readonly clientDirectives: readonly string[];
  /** Option keys naming the conversation thread a call continues (`thread_id`, `previous_response_id`). */
  readonly threadKeys: readonly string[];
  /** Option keys whose nested thread or session ids only label telemetry (`metadata: { sessionId }`). */
  readonly nonThreadContainers: readonly string[];
}

export interface Catalog {
  readonly entries: readonly ClientEntry[];
  readonly retryLibraries: readonly ModuleCalls[];
  readonly retryReceivers: readonly RetryReceiver[];
  readonly validators: { readonly modules: readonly string[]; readonly methods: readonly string[] };
  readonly remoteModules: readonly string[];
  /** Options through which an SDK takes its HTTP function (`createOpenAI({ fetch })`): the SDK retries and times out around it. */
  readonly transportHooks: readonly string[];
  readonly sleepFunctions: readonly ModuleCalls[];
  readonly schedulers: readonly SchedulerEntry[];
  readonly observability: ObservabilityCatalog;
  readonly agents: AgentsCatalog;
  readonly textSplitters: readonly TextSplitter[];
  /** Calls that embed text (the step that turns chunks into vectors). */
  readonly embeddingCalls: readonly ModuleCalls[];
  readonly retrieval: RetrievalCatalog;
  readonly history: HistoryCatalog;
  readonly memory: MemoryCatalog;
  readonly secrets: SecretsCatalog;
  readonly toolDispatch: ToolDispatchCatalog;
  readonly modelOutputExecution: ModelOutputExecutionCatalog;
  readonly filesystem: FilesystemCatalog;
  readonly supplyChain: SupplyChainCatalog;
  readonly capabilityDisclosure: CapabilityDisclosureCatalog;
  readonly promptInjection: PromptInjectionCatalog;
  readonly humanApproval: HumanApprovalCatalog;
  readonly endpointAuth: EndpointAuthCatalog;
  readonly sessionState: SessionStateCatalog;
  /** Code-role conventions: which files are server, browser, script, example, test, generated. */
  readonly roles: RolesCatalog;
}

/** The shape of one YAML file: every section optional, merged in file order. */
export interface CatalogFragment {
  readonly roles?: Partial<RolesCatalog>;
  readonly entries?: readonly ClientEntry[];
  readonly retryLibraries?: readonly ModuleCalls[];
  readonly retryReceivers?: readonly RetryReceiver[];
  readonly validators?: { readonly modules?: readonly string[]; readonly methods?: readonly string[] };
  readonly remoteModules?: readonly string[];
  readonly transportHooks?: readonly string[];
  readonly sleepFunctions?: readonly ModuleCalls[];
  readonly schedulers?: readonly SchedulerEntry[];
  readonly observability?: Partial<ObservabilityCatalog>;
  readonly agents?: Partial<AgentsCatalog>;
  readonly textSplitters?: readonly TextSplitter[];
  readonly embeddingCalls?: readonly ModuleCalls[];
  readonly retrieval?: Partial<RetrievalCatalog>;
  readonly history?: Partial<HistoryCatalog>;
  readonly memory?: Partial<MemoryCatalog>;
  readonly secrets?: Partial<SecretsCatalog>;
  readonly toolDispatch?: Partial<ToolDispatchCatalog>;
  readonly modelOutputExecution?: Partial<ModelOutputExecutionCatalog>;
  readonly filesystem?: Partial<FilesystemCatalog>;
  readonly supplyChain?: Partial<SupplyChainCatalog>;
  readonly capabilityDisclosure?: Partial<CapabilityDisclosureCatalog>;
  readonly promptInjection?: Partial<PromptInjectionCatalog>;
  readonly humanApproval?: Partial<HumanApprovalCatalog>;
  readonly endpointAuth?: Partial<EndpointAuthCatalog>;
  readonly sessionState?: Partial<SessionStateCatalog>;
}
