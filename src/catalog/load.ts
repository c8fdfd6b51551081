import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AuditError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { compileSchema, formatSchemaErrors } from '../schema/validate.js';
import { catalogFragmentSchema } from './schema.js';
import { ROLES_CATALOG_KEYS, type RolesCatalog } from '../model/roles/types.js';
import type { AgentsCatalog, CapabilityDisclosureCatalog, Catalog, CatalogFragment, EndpointAuthCatalog, FilesystemCatalog, HistoryCatalog, HumanApprovalCatalog, MemoryCatalog, ModelOutputExecutionCatalog, ObservabilityCatalog, PromptInjectionCatalog, RetrievalCatalog, SecretsCatalog, SessionStateCatalog, SupplyChainCatalog, ToolDispatchCatalog } from './types.js';

export const BUILTIN_CATALOG_DIR = join(PACKAGE_ROOT, 'rules', 'catalog');

const validateFragment = compileSchema<CatalogFragment>(catalogFragmentSchema);

/** Validates one fragment; `source` names it in errors (a file path, or `config.catalog[0]`). */
export function checkFragment(value: unknown, source: string): CatalogFragment {
  if (validateFragment(value ?? {})) return checkSecretPatterns((value ?? {}) as CatalogFragment, source);
  const problems = formatSchemaErrors(validateFragment.errors, 'catalog');
  throw new AuditError('catalog', `invalid catalog ${source}: ${problems.join('; ')}`);
}

/** Secret formats are regular expressions: a broken one is a catalog error, not a rule crash on every file. */
function checkSecretPatterns(fragment: CatalogFragment, source: string): CatalogFragment {
  const patterns = [...(fragment.secrets?.formats ?? []).map((f) => ({ where: `secrets.formats "${f.id}"`, pattern: f.pattern })), ...(fragment.secrets?.publicKeyPatterns ?? []).map((pattern) => ({ where: 'secrets.publicKeyPatterns', pattern })), ...(fragment.supplyChain?.pinnedUrlPatterns ?? []).map((pattern) => ({ where: 'supplyChain.pinnedUrlPatterns', pattern })), ...(fragment.supplyChain?.promptHubs ?? []).map((hub) => ({ where: 'supplyChain.promptHubs pinnedName', pattern: hub.pinnedName })), ...(fragment.promptInjection?.dataMarkers ?? []).map((pattern) => ({ where: 'promptInjection.dataMarkers', pattern }))];
  for (const { where, pattern } of patterns) {
    try {
      new RegExp(pattern);
    } catch (error) {
      throw new AuditError('catalog', `invalid catalog ${source}: ${where} is not a regular expression: ${(error as Error).message}`);
    }
  }
  return fragment;
}

export function readFragmentFile(path: string): CatalogFragment {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AuditError('catalog', `cannot read catalog file ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new AuditError('catalog', `catalog file ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return checkFragment(value, path);
}

const HUMAN_APPROVAL_KEYS = ['verbs', 'toolOptions', 'agentOptions', 'calls', 'methods', 'callNames', 'guardWords', 'dryRunOptions', 'dryRunWords', 'ignoredCalls', 'inMemoryClasses', 'inMemoryMembers', 'internalObjects', 'hostConfirmed', 'readOnlyHints', 'destructiveHints'] as const;
const ENDPOINT_AUTH_KEYS = ['agentRuns', 'authNameParts', 'authNameWords', 'authFunctionNames', 'authContextMembers', 'authHeaders', 'headerReaders', 'deniedStatuses', 'deniedTexts', 'hookOptions', 'hookCalls', 'mountCalls', 'serveCalls', 'loopbackHosts', 'projectModulePrefixes', 'nextMiddlewareFiles', 'nextRouteFiles', 'nextPagesApiFiles', 'nextApiRequestTypes'] as const;
const SESSION_STATE_KEYS = ['stateWords', 'nonStateWords', 'sharedMemoryClasses', 'statefulAgents', 'memoryOptions', 'memoryGetters', 'perCallHistoryOptions', 'messageHandlers', 'decoratedHandlers', 'singletonClasses', 'perRequestScopes', 'lifecycleMethods', 'serverlessExports', 'workerMethods', 'clientDirectives', 'threadKeys', 'nonThreadContainers'] as const;
const OBSERVABILITY_KEYS = ['tracingModules', 'autoInstrumentationModules', 'tracingWrappers', 'telemetryOptions', 'tracedParameters', 'evalModules', 'evalFiles', 'selfTracingClients', 'selfTracingModules'] as const;
const RETRIEVAL_KEYS = ['verifyingOptions', 'verifyingCalls', 'carriers', 'documentReaders', 'promptTemplates'] as const;
const AGENTS_KEYS = ['toolDefinitions', 'destructiveVerbs', 'loggingReceivers', 'loggingMethods', 'loggingModules', 'modelFactories', 'modelKeys', 'promptKeys', 'mcpClientTransports', 'mcpServers', 'httpServers'] as const;
const HISTORY_KEYS = ['memoryClasses', 'trimmers', 'boundingWords', 'messageClasses', 'messageTypes', 'roles', 'messageOptions', 'listenerMethods', 'onceHooks', 'interactiveInputs'] as const;

const MEMORY_KEYS = ['writes', 'webContent', 'webLoaders', 'documentContentKeys', 'requestTypes', 'requestMembers', 'requestReaders', 'requestContextMembers', 'nonTextModelCalls', 'toolContextKeys', 'moderation', 'validationPrefixes', 'provenanceKeys'] as const;

const PROMPT_INJECTION_KEYS = ['systemMessageCalls', 'instructionHolders', 'fileReads', 'emailReaders', 'toolResults', 'retrievers', 'sanitizerPrefixes', 'dataDelimiters', 'dataMarkers'] as const;

/** Concatenates the lists of a section across fragments, key by key. */
function mergeSection<T, K extends keyof T & string>(parts: readonly (Partial<T> | undefined)[], keys: readonly K[]): T {
  return Object.fromEntries(keys.map((key) => [key, parts.flatMap((part) => (part?.[key] as unknown[] | undefined) ?? [])])) as T;
}

const TOOL_DISPATCH_KEYS = ['toolCallMembers', 'toolCallTypes', 'toolNameMembers', 'toolArgumentMembers', 'lookupMethods', 'membershipMethods', 'frameworkInvokers', 'validatingModules'] as const;
const MODEL_OUTPUT_EXECUTION_KEYS = ['sinks', 'shellBinaries', 'shellOption', 'sqlTextKeys', 'allowListMethods', 'containmentMethods', 'sanitizers'] as const;

const FILESYSTEM_KEYS = ['sinks', 'pathContainment', 'containmentModules', 'containmentHelpers', 'projectHelperWords', 'neutralisingCalls'] as const;

const SUPPLY_CHAIN_KEYS = ['packageRunners', 'localScriptRunners', 'mcpClientModules', 'launchConfigKeys', 'promptHubs', 'toolDescriptionKeys', 'integrityCalls', 'pinnedUrlPatterns'] as const;

const DISCLOSURE_KEYS = ['responseMethods', 'responseBuilders', 'bodyProperties', 'errorDetailMembers', 'errorMessageMembers', 'clientErrorClasses', 'devOnlyNames', 'systemPromptMembers', 'toolSetKeys', 'errorHooks'] as const;

const SECRETS_LIST_KEYS = ['formats', 'credentialNames', 'nonCredentialQualifiers', 'publicKeyPatterns', 'publicConfigKeys', 'documentationKeys', 'placeholderWords', 'nameValueSetters'] as const;
const SECRETS_DEFAULTS = { minLength: 16, minEntropy: 3.2, formatMinEntropy: 3 } as const;

/** Lists concatenate; thresholds are taken from the last fragment that sets them. */
function mergeSecrets(parts: readonly (Partial<SecretsCatalog> | undefined)[]): SecretsCatalog {
  const lists = mergeSection<Pick<SecretsCatalog, (typeof SECRETS_LIST_KEYS)[number]>, (typeof SECRETS_LIST_KEYS)[number]>(parts, SECRETS_LIST_KEYS);
  const last = <K extends keyof typeof SECRETS_DEFAULTS>(key: K): number => parts.reduce<number>((value, part) => part?.[key] ?? value, SECRETS_DEFAULTS[key]);
  return { ...lists, minLength: last('minLength'), minEntropy: last('minEntropy'), formatMinEntropy: last('formatMinEntropy') };
}

export function mergeFragments(fragments: readonly CatalogFragment[]): Catalog {
  return {
    entries: fragments.flatMap((f) => f.entries ?? []),
    retryLibraries: fragments.flatMap((f) => f.retryLibraries ?? []),
    retryReceivers: fragments.flatMap((f) => f.retryReceivers ?? []),
    validators: {
      modules: fragments.flatMap((f) => f.validators?.modules ?? []),
      methods: fragments.flatMap((f) => f.validators?.methods ?? []),
    },
    remoteModules: fragments.flatMap((f) => f.remoteModules ?? []),
    transportHooks: fragments.flatMap((f) => f.transportHooks ?? []),
    sleepFunctions: fragments.flatMap((f) => f.sleepFunctions ?? []),
    promptInjection: mergeSection<PromptInjectionCatalog, (typeof PROMPT_INJECTION_KEYS)[number]>(fragments.map((f) => f.promptInjection), PROMPT_INJECTION_KEYS),
    schedulers: fragments.flatMap((f) => f.schedulers ?? []),
    humanApproval: mergeSection<HumanApprovalCatalog, (typeof HUMAN_APPROVAL_KEYS)[number]>(fragments.map((f) => f.humanApproval), HUMAN_APPROVAL_KEYS),
    endpointAuth: mergeSection<EndpointAuthCatalog, (typeof ENDPOINT_AUTH_KEYS)[number]>(fragments.map((f) => f.endpointAuth), ENDPOINT_AUTH_KEYS),
    sessionState: mergeSection<SessionStateCatalog, (typeof SESSION_STATE_KEYS)[number]>(fragments.map((f) => f.sessionState), SESSION_STATE_KEYS),
    observability: mergeSection<ObservabilityCatalog, (typeof OBSERVABILITY_KEYS)[number]>(fragments.map((f) => f.observability), OBSERVABILITY_KEYS),
    agents: mergeSection<AgentsCatalog, (typeof AGENTS_KEYS)[number]>(fragments.map((f) => f.agents), AGENTS_KEYS),
    textSplitters: fragments.flatMap((f) => f.textSplitters ?? []),
    embeddingCalls: fragments.flatMap((f) => f.embeddingCalls ?? []),
    retrieval: mergeSection<RetrievalCatalog, (typeof RETRIEVAL_KEYS)[number]>(fragments.map((f) => f.retrieval), RETRIEVAL_KEYS),
    history: mergeSection<HistoryCatalog, (typeof HISTORY_KEYS)[number]>(fragments.map((f) => f.history), HISTORY_KEYS),
    memory: mergeSection<MemoryCatalog, (typeof MEMORY_KEYS)[number]>(fragments.map((f) => f.memory), MEMORY_KEYS),
    secrets: mergeSecrets(fragments.map((f) => f.secrets)),
    capabilityDisclosure: mergeSection<CapabilityDisclosureCatalog, (typeof DISCLOSURE_KEYS)[number]>(fragments.map((f) => f.capabilityDisclosure), DISCLOSURE_KEYS),
    supplyChain: mergeSection<SupplyChainCatalog, (typeof SUPPLY_CHAIN_KEYS)[number]>(fragments.map((f) => f.supplyChain), SUPPLY_CHAIN_KEYS),
    filesystem: mergeSection<FilesystemCatalog, (typeof FILESYSTEM_KEYS)[number]>(fragments.map((f) => f.filesystem), FILESYSTEM_KEYS),
    toolDispatch: mergeSection<ToolDispatchCatalog, (typeof TOOL_DISPATCH_KEYS)[number]>(fragments.map((f) => f.toolDispatch), TOOL_DISPATCH_KEYS),
    modelOutputExecution: mergeSection<ModelOutputExecutionCatalog, (typeof MODEL_OUTPUT_EXECUTION_KEYS)[number]>(fragments.map((f) => f.modelOutputExecution), MODEL_OUTPUT_EXECUTION_KEYS),
    roles: mergeSection<RolesCatalog, (typeof ROLES_CATALOG_KEYS)[number]>(fragments.map((f) => f.roles), ROLES_CATALOG_KEYS),
  };
}

let builtIn: readonly CatalogFragment[] | undefined;

function builtInFragments(): readonly CatalogFragment[] {
  builtIn ??= readdirSync(BUILTIN_CATALOG_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => readFragmentFile(join(BUILTIN_CATALOG_DIR, name)));
  return builtIn;
}

/**
 * The built-in catalog plus the user's additions: file paths (resolved against `baseDir`) or inline
 * fragments from config. User entries come last, so they add to, never replace, the built-in ones.
 */
export function loadCatalog(additions: readonly (string | CatalogFragment)[] = [], baseDir = process.cwd()): Catalog {
  const user = additions.map((addition, index) =>
    typeof addition === 'string' ? readFragmentFile(resolve(baseDir, addition)) : checkFragment(addition, `config.catalog[${index}]`),
  );
  return mergeFragments([...builtInFragments(), ...user]);
}
