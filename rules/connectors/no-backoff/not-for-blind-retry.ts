import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { methodChosenByCaller } from './caller-chosen-method.js';
import { retriedFromCallersCatch } from './retried-by-caller.js';
import { startsGenerationJob } from './generation-job.js';
import { commitsTransaction } from './commits-transaction.js';
import { queriesJobStatus, readInIntervalTick } from './status-poll.js';
import { servesPersonInUi } from './user-request.js';

/**
 * A call no retry covers that still is not where a blind retry belongs, judged from what the code is
 * for: it starts a billed generation job, it pays, books or orders, it is one tick of a status poll or a timer's read, it answers a person in the
 * UI, or it runs an operation someone else defined, or
 * its caller already tries it again. (A transport sending its caller's request on is a forwarding
 * wrapper: `forwardsCallerRequest` in src/domain/http/forwarding-guard.ts.)
 */
export function notForBlindRetry(site: CallSite, file: FileFacts): boolean {
  return (
    startsGenerationJob(site, file) ||
    commitsTransaction(site, file) ||
    queriesJobStatus(site) ||
    readInIntervalTick(site, file) ||
    servesPersonInUi(site, file) ||
    methodChosenByCaller(site) ||
    retriedFromCallersCatch(site, file)
  );
}
