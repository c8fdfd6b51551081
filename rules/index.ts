import type { Rule } from '../src/engine/rule.js';
import hardcodedSecret from './connectors/hardcoded-secret/index.js';
import noBackoff from './connectors/no-backoff/index.js';
import noTimeout from './connectors/no-timeout/index.js';
import swallowedError from './connectors/swallowed-error/index.js';
import uncheckedResponse from './connectors/unchecked-response/index.js';
import intervalPolling from './events/interval-polling/index.js';
import naiveChunking from './memory/naive-chunking/index.js';
import unverifiedRetrieval from './memory/unverified-retrieval/index.js';
import unboundedHistory from './memory/unbounded-history/index.js';
import untrustedMemoryWrite from './memory/untrusted-memory-write/index.js';
import vectorStoreNoExpiry from './memory/vector-store-no-expiry/index.js';
import noEvals from './observability/no-evals/index.js';
import capabilityDisclosure from './security/capability-disclosure/index.js';
import unpinnedAgentDependency from './security/unpinned-agent-dependency/index.js';
import noTracing from './observability/no-tracing/index.js';
import unloggedToolCall from './observability/unlogged-tool-call/index.js';
import unscopedFilesystemTool from './security/unscoped-filesystem-tool/index.js';
import untracedLlmCall from './observability/untraced-llm-call/index.js';
import unvalidatedToolDispatch from './security/unvalidated-tool-dispatch/index.js';
import modelOutputExecution from './security/model-output-execution/index.js';
import crossDomainPromptInjection from './security/cross-domain-prompt-injection/index.js';
import unconfirmedDestructiveAction from './security/unconfirmed-destructive-action/index.js';
import unauthenticatedAgentEndpoint from './security/unauthenticated-agent-endpoint/index.js';
import sharedSessionState from './security/shared-session-state/index.js';
import unboundedToolLoop from './security/unbounded-tool-loop/index.js';

/** Every rule, in id order. A test checks that each folder rules/<category>/<name>/ is listed and its id equals its path. */
export const ALL_RULES: readonly Rule[] = [
  hardcodedSecret,
  noBackoff,
  noTimeout,
  swallowedError,
  uncheckedResponse,
  intervalPolling,
  naiveChunking,
  unverifiedRetrieval,
  unboundedHistory,
  untrustedMemoryWrite,
  vectorStoreNoExpiry,
  noEvals,
  capabilityDisclosure,
  unpinnedAgentDependency,
  noTracing,
  unloggedToolCall,
  unscopedFilesystemTool,
  untracedLlmCall,
  unvalidatedToolDispatch,
  modelOutputExecution,
  crossDomainPromptInjection,
  unconfirmedDestructiveAction,
  unauthenticatedAgentEndpoint,
  sharedSessionState,
  unboundedToolLoop,
].sort((a, b) => a.id.localeCompare(b.id));
