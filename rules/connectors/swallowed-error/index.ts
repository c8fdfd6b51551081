import type { ts } from '../../../src/model/ast.js';
import type { CallSite } from '../../../src/model/file-facts.js';
import { failureHandlerOf, isLoopAttempt } from './failure-handlers.js';
import { isSameOriginRequest } from '../../../src/domain/http/request-options.js';
import { retryCoverage } from '../../../src/domain/http/retry.js';
import { catchDisposal, promiseHandlerDisposal, type Disposal } from './swallowing.js';
import { deadCodeCondition } from '../../../src/model/dead-code.js';
import { anyCondition, type ProjectCondition } from '../../../src/model/project-conditions.js';
import { ownerKey } from '../../../src/model/summaries/function-facts.js';
import { defineRule } from '../../../src/engine/rule.js';

interface JudgedHandler {
  readonly node: ts.Node;
  readonly site: CallSite;
  readonly disposal: Disposal;
  readonly messageId: 'caught' | 'rejection';
}

/** One verdict per handler: a try around three fetches is one decision, named after its first connector. */
function judgedHandlers(sites: readonly CallSite[], judge: (site: CallSite) => JudgedHandler | undefined): JudgedHandler[] {
  const byHandler = new Map<ts.Node, JudgedHandler>();
  for (const site of sites) {
    const judged = judge(site);
    if (judged && !byHandler.has(judged.node)) byHandler.set(judged.node, judged);
  }
  return [...byHandler.values()];
}

export default defineRule({
  id: 'connectors/swallowed-error',
  category: 'connectors',
  severity: 'medium',
  confidence: 'medium',
  title: 'Connector failure caught and silently dropped',
  taxonomy: {
    microsoft: ['insufficient-transparency'],
    owaspLlm: [],
    owaspAgentic: ['ASI08', 'T8'],
    cwe: ['CWE-390', 'CWE-1069'],
  },
  docs: {
    summary: 'Flags error handlers around HTTP, LLM and vector-store calls that drop the failure, with no log, rethrow or use of the error.',
    details: [
      'A handler drops the failure when it is an empty catch, or a catch or .catch() that only returns null, [], {} or a fallback variable.',
    ],
    notFlagged: [
      'A handler with a comment explaining the choice is not reported: it is treated as deliberate.',
      'Probes whose `false` answers their question are not reported: on a failure the catch gives that same answer.',
      'Lookups whose answer is a value or nothing (a latest version, an avatar, a count for display) are not reported: the try already answers `null` or `undefined` for a failed response (`if (!res.ok) return null`), and the catch gives the same answer for a network failure. Such a lookup is reported only where a tool, job or model call depends on it, since an agent would take the failure for "not found".',
    ],
    why: 'When a connector fails and the handler returns an empty default, the agent carries on as if the upstream had answered "nothing": it plans with missing data, tells the user there are no results, and leaves no log line, metric or span to explain why. These are the failures that pass every demo and surface weeks later as "the agent got worse". A failure must at least leave a trace, and usually travel up to something that can react. Not flagged: a handler with a comment inside it (other than TODO/FIXME), taken as a documented choice such as best-effort telemetry; a `false` returned by a probe (`isReachable()`, `return res.ok`), which answers its question; a catch that is one attempt of a retry loop; calls to the app\'s own backend (`fetch(\'/api/…\')`).',
    bad: `export async function searchDocs(query: string) {
  try {
    const res = await fetch(\`https://search.example.com/q?\${encodeURIComponent(query)}\`);
    return await res.json();
  } catch {
    return [];
  }
}`,
    good: `import { logger } from './logger.js';

export async function searchDocs(query: string) {
  try {
    const res = await fetch(\`https://search.example.com/q?\${encodeURIComponent(query)}\`);
    return await res.json();
  } catch (error) {
    logger.warn({ err: error, query }, 'doc search failed; answering without documents');
    return [];
  }
}`,
    references: ['https://cwe.mitre.org/data/definitions/390.html', 'https://cwe.mitre.org/data/definitions/1069.html', 'https://genai.owasp.org/resource/agentic-ai-threats-and-mitigations/'],
  },
  hint: 'Log or record the error (logger.warn, span.recordException), rethrow it, or return it to the caller; if dropping it is intended, say why in a comment inside the handler.',
  messages: {
    caught: '{{client}} error is swallowed by this catch: the agent continues with no data and no trace of why.',
    rejection: '{{client}} rejection is swallowed by this handler: the agent continues with no data and no trace of why.',
  },
  check({ file, report, checked }) {
    const judge = (site: CallSite): JudgedHandler | undefined => {
      if (site.entry.kind === 'http' && isSameOriginRequest(site)) return undefined;
      const handler = failureHandlerOf(site.node);
      if (handler?.kind === 'promise') {
        return { node: handler.handler, site, disposal: promiseHandlerDisposal(handler.handler, handler.handlerCall, file), messageId: 'rejection' };
      }
      if (handler?.kind !== 'try') return undefined;
      // A catch inside a retry or failover loop is one attempt failing, not the end of the story.
      if (isLoopAttempt(handler.statement) || retryCoverage(site.node, file).kind === 'hand-written') return undefined;
      return { node: handler.clause, site, disposal: catchDisposal(handler.statement, handler.clause, file), messageId: 'caught' };
    };
    for (const judged of judgedHandlers(file.callSites, judge)) {
      const dead = deadCodeCondition(judged.site.node, file);
      // A value-or-nothing lookup (display data, a version probe) is judged only where an agent acts on
      // the nothing: there a network failure and "not found" must not look alike.
      const fn = judged.disposal === 'answers-nothing' ? ownerKey(judged.site.node) : undefined;
      const notForAgent: ProjectCondition | undefined = fn === undefined ? undefined : { not: { onAgentPath: { file: file.path, fn } } };
      const notJudged = anyCondition(dead, notForAgent);
      if (judged.disposal === 'swallows' || (judged.disposal === 'answers-nothing' && notForAgent)) report(judged.node, judged.messageId, { client: judged.site.entry.id }, notJudged ? { notApplicableIf: notJudged } : undefined);
      else checked(judged.node, notJudged ? { unless: notJudged } : undefined);
    }
  },
});
