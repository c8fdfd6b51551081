import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { methodChosenByCaller } from './caller-chosen-method.js';
import { forwardsCallersRequest } from './fetch-shaped.js';
import { retriedFromCallersCatch } from './retried-by-caller.js';
import { startsGenerationJob } from './generation-job.js';
import { queriesJobStatus } from './status-poll.js';
import { servesPersonInUi } from './user-request.js';

/**
 * A call no retry covers that still is not where a blind retry belongs, judged from what the code is
 * for: it starts a billed generation job, it is one tick of a status poll, it answers a person in the
 * UI, it runs an operation someone else defined or sends its caller's request as a transport, or
 * its caller already tries it again.
 */
export function notForBlindRetry(site: CallSite, file: FileFacts): boolean {
  return (
    startsGenerationJob(site, file) ||
    queriesJobStatus(site) ||
    servesPersonInUi(site, file) ||
    methodChosenByCaller(site) ||
    forwardsCallersRequest(site, file) ||
    retriedFromCallersCatch(site, file)
  );
}
