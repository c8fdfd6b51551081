import type { Rule } from '../src/engine/rule.js';
import hardcodedSecret from './connectors/hardcoded-secret.js';
import noBackoff from './connectors/no-backoff.js';
import noTimeout from './connectors/no-timeout.js';
import swallowedError from './connectors/swallowed-error.js';
import uncheckedResponse from './connectors/unchecked-response.js';
import intervalPolling from './events/interval-polling.js';
import naiveChunking from './memory/naive-chunking.js';
import unverifiedRetrieval from './memory/unverified-retrieval.js';
import unboundedHistory from './memory/unbounded-history.js';
import untrustedMemoryWrite from './memory/untrusted-memory-write.js';
import vectorStoreNoExpiry from './memory/vector-store-no-expiry.js';
import noEvals from './observability/no-evals.js';
import capabilityDisclosure from './security/capability-disclosure.js';
import unpinnedAgentDependency from './security/unpinned-agent-dependency.js';
import noTracing from './observability/no-tracing.js';
import unloggedToolCall from './observability/unlogged-tool-call.js';
import unscopedFilesystemTool from './security/unscoped-filesystem-tool.js';
import untracedLlmCall from './observability/untraced-llm-call.js';
import unvalidatedToolDispatch from './security/unvalidated-tool-dispatch.js';
import modelOutputExecution from './security/model-output-execution.js';
import crossDomainPromptInjection from './security/cross-domain-prompt-injection.js';
import unconfirmedDestructiveAction from './security/unconfirmed-destructive-action.js';
import unauthenticatedAgentEndpoint from './security/unauthenticated-agent-endpoint.js';
import sharedSessionState from './security/shared-session-state.js';

/** Every rule, in id order. A test checks that each file under rules/<category>/ is listed and its id equals its path. */
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
].sort((a, b) => a.id.localeCompare(b.id));
