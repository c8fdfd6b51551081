import { callTakingArgument, enclosingFunction, ts, valueCarrier } from '../../../src/model/ast.js';
import { awaitedThroughJoin, tryStatementsAround } from '../../../src/model/promise-chain.js';
import { hasOption, hasOptionValue, isSameOriginRequest } from '../../../src/domain/http/request-options.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { isValidated } from '../../../src/domain/untrusted/validation.js';
import { destinationOf, returnedExpressions, thenParameter, type Destination } from '../../../src/model/value-flow.js';
import { deadCodeCondition } from '../../../src/model/dead-code.js';
import { ownBackendCondition } from '../../../src/domain/http/own-backend.js';
import { anyCondition } from '../../../src/model/project-conditions.js';
import { onlyThrowingReads } from './throwing-reads.js';
import { defineRule, type RuleContext } from '../../../src/engine/rule.js';
import { errorResultWrites } from './error-results.js';
import { withOkCheckFix } from './fix.js';
import { isLoggingCall, readsFailIntoFallback } from './fallback-try.js';
import { textAnsweredToModel } from './text-to-model.js';

interface ResponseUse {
  statusChecked: boolean;
  /** The response leaves our sight (returned, passed to a helper): its checks happen elsewhere. */
  delegated: boolean;
  /** Expressions holding the parsed body. */
  bodies: ts.Expression[];
  /** Body readers used (`json`, `text`, `data`…). */
  readers: Set<string>;
}

function throwsOnHttpError(site: CallSite): boolean {
  return !!site.entry.throwsOnHttpError && !hasOption(site, site.entry.disablesThrowing ?? []);
}

function traceResponse(expr: ts.Expression, site: CallSite, facts: FileFacts, use: ResponseUse, depth: number): void {
  if (depth > 5) return;
  const status = new Set(site.entry.statusProperties ?? []);
  const readers = new Set(site.entry.bodyReaders ?? []);
  const follow = (destination: Destination): void => {
    switch (destination.kind) {
      case 'member':
        if (status.has(destination.name)) use.statusChecked = true;
        else if (readers.has(destination.name)) {
          use.bodies.push(destination.value);
          use.readers.add(destination.name);
        }
        return;
      case 'binding':
        for (const decl of destination.declarations) {
          const member = decl.init?.path[0];
          if (member !== undefined) {
            if (status.has(member)) use.statusChecked = true;
            else if (readers.has(member)) {
              use.readers.add(member);
              for (const ref of facts.references(decl)) use.bodies.push(ref);
            }
            continue;
          }
          for (const ref of facts.references(decl)) traceResponse(ref, site, facts, use, depth + 1);
        }
        return;
      case 'then':
        if (!destination.callback) return;
        for (const decl of thenParameter(destination.callback, facts)) {
          for (const ref of facts.references(decl)) traceResponse(ref, site, facts, use, depth + 1);
        }
        if (returnedExpressions(destination.callback).some((ret) => use.bodies.some((body) => body.pos >= ret.pos && body.end <= ret.end))) {
          use.bodies.push(destination.thenCall);
        }
        return;
      case 'argument':
        if (!isLoggingCall(destination.call)) use.delegated = true;
        return;
      case 'returned':
        use.delegated = true;
        return;
      default:
        return;
    }
  };
  follow(destinationOf(expr, facts));
}

function isHandedOff(body: ts.Expression, facts: FileFacts): boolean {
  const destination = destinationOf(body, facts);
  if (destination.kind === 'argument') return !isLoggingCall(destination.call);
  if (destination.kind !== 'binding') return false;
  return destination.declarations.some((decl) =>
    facts.references(decl).some((ref) => {
      const use = destinationOf(ref, facts);
      return use.kind === 'argument' && !isLoggingCall(use.call);
    }),
  );
}

/**
 * Text or bytes (`.text()`, `.arrayBuffer()`, `responseType: 'arraybuffer'`): there is no shape for a
 * schema to check. A status check still matters for clients that resolve on errors.
 */
function isShapeless(site: CallSite, use: ResponseUse): boolean {
  const shapeless = site.entry.shapelessBody;
  if (!shapeless) return false;
  const { option, optionValues = [] } = shapeless;
  if (option && hasOptionValue(site, option, optionValues)) return true;
  const readers = shapeless.readers ?? [];
  return use.readers.size > 0 && [...use.readers].every((reader) => readers.includes(reader));
}

/**
 * `return this.http.get(url).json<T>()`, `const { data } = await axios(…); return data`: a client method
 * or a tool that hands the parsed body to its caller (or the model) unchanged. For a client that throws
 * on non-2xx the status is already checked, and the body's shape is relied on where it is read, not here.
 */
function isForwarded(body: ts.Expression, facts: FileFacts): boolean {
  const toCaller = (node: ts.Expression): boolean => destinationOf(node, facts).kind === 'returned';
  if (toCaller(body)) return true;
  const destination = destinationOf(body, facts);
  if (destination.kind !== 'binding') return false;
  const refs = destination.declarations.flatMap((decl) => facts.references(decl));
  return refs.length > 0 && refs.every(toCaller);
}

/**
 * `try { const { data } = await axios.post(…); return data.results.map(…) } catch { return fallback }`:
 * the request and the reads into its body sit in one try block with a catch, so a shape the code
 * does not expect fails into the caller's own fallback instead of passing on as data.
 */
function readInsideCatchingTry(call: ts.Node): boolean {
  if (tryStatementsAround(call).some((statement) => statement.catchClause !== undefined)) return true;
  // `try { await Promise.all(batches.map(async (batch) => { … })) } catch …`: the callback's failure lands in that catch.
  const fn = enclosingFunction(call);
  const taking = fn && callTakingArgument(fn)?.call;
  return !!taking && awaitedThroughJoin(taking) && readInsideCatchingTry(taking);
}

/**
 * `data.items[0].id`, `const { items } = data`, `for (const x of data)`: code that relies on the body's
 * shape here. A body only stored (`this.session = await api.post(…).json()`), returned or passed on whole
 * relies on no shape in this function.
 */
function readsIntoShape(body: ts.Expression, facts: FileFacts, depth = 0): boolean {
  if (depth > 3) return false;
  const carrier = valueCarrier(body);
  const holder = carrier.parent;
  if (holder && ts.isVariableDeclaration(holder) && holder.initializer === carrier && !ts.isIdentifier(holder.name)) return true;
  if (holder && ts.isForOfStatement(holder) && holder.expression === carrier) return true;
  if (holder && ts.isSpreadElement(holder)) return true;
  const destination = destinationOf(body, facts);
  if (destination.kind === 'member') return true;
  if (destination.kind !== 'binding') return false;
  return destination.declarations.some((decl) => facts.references(decl).some((ref) => readsIntoShape(ref, facts, depth + 1)));
}

/** `.json()`: every reader used parses the body, so an error page that is not the format fails to read. */
function parsesBody(site: CallSite, use: ResponseUse): boolean {
  const shapeless = site.entry.shapelessBody?.readers ?? [];
  return use.readers.size > 0 && [...use.readers].every((reader) => !shapeless.includes(reader));
}

/** A body counts as used when it is read, returned or passed on, not when it is dropped. */
function isBodyUsed(body: ts.Expression, facts: FileFacts): boolean {
  const destination = destinationOf(body, facts);
  if (destination.kind === 'discarded') return false;
  if (destination.kind === 'binding') return destination.declarations.some((decl) => facts.references(decl).length > 0);
  return true;
}

/** Supabase-style writes that return their failure: judged for whether anything reads the error. */
function checkErrorResults({ file, report, checked }: Pick<RuleContext<'errorIgnored'>, 'file' | 'report' | 'checked'>): void {
  for (const write of errorResultWrites(file)) {
    const dead = deadCodeCondition(write.node, file);
    checked(write.node, dead ? { unless: dead } : undefined);
    if (write.ignored) report(write.node, 'errorIgnored', { client: write.client, operation: write.operation, field: write.errorField }, dead ? { notApplicableIf: dead } : undefined);
  }
}

export default defineRule({
  id: 'connectors/unchecked-response',
  category: 'connectors',
  severity: 'high',
  confidence: 'medium',
  title: 'HTTP/API result used without a status or error check, or schema validation',
  taxonomy: {
    microsoft: ['function-compromise', 'hallucinations'],
    owaspLlm: [],
    owaspAgentic: ['ASI08', 'T5'],
    cwe: ['CWE-252', 'CWE-20'],
  },
  docs: {
    summary: 'Flags HTTP responses whose body is used without a status check (fetch, undici) or, for clients that throw on non-2xx (axios, got, ky), without schema validation, and supabase-js or Resend writes whose returned error nothing reads.',
    details: [
      'For a client that throws on non-2xx (axios, got, ky), the client checks the status, so "unchecked" means code that reads into the body\'s shape (`data.items[0].id`) with no schema.',
      'With a throwing client, reads inside the same try block as the request, with a catch that takes over, fail into that fallback and pass.',
      'A body parsed as JSON (`await res.json()`) passes when the request and every read of it sit in a try whose catch falls back: it hands the error to nothing but a logger and keeps the value it had, or returns a default. The try may be in their own function or around every call of a function only its file calls. An error page that is not JSON fails to parse into that fallback.',
      'A catch that rethrows or reports the error (`return `Posting failed: ${error}``) is still judged: it relies on errors reaching it, which an API\'s JSON error body never does. Text and bytes read whatever the status, and an empty catch only hides the failure, so those are still judged too.',
      'A body returned whole is read where the function\'s result goes: through the retry wrapper it is handed to (`this.caller.call(() => fetch(url).then((res) => res.json()))`) and in every call of the function its file makes (`const { vectors } = await this.embedWithRetry(texts); return vectors[0]`), also as the elements of a batch (`await Promise.all(batches.map((b) => this.embedWithRetry(b)))`, read as `responses[i]` or in `for (const response of responses)`), the package\'s own calls showing the contract.',
      'The role of the code that reads the body decides whether a finding is judged: a response fetched in the browser arm of isomorphic code (`onServer ? safeFetch(url) : fetch(url)`) and read by lines both sides run is server code.',
      'Clients that hand a failure back as a value instead of throwing (supabase-js and Resend: `{ data, error }`) are judged for whether anything reads the error. A write (insert, upsert, update, delete, a storage upload or removal, an RPC, an e-mail sent) whose awaited result is dropped (`await supabase.from(\'items\').upsert(rows);`) or destructured without `error` goes on as if it had succeeded.',
      'Such a client is known by the module it was made from, or by its name when another project file makes it (`supabaseAdmin`).',
    ],
    notFlagged: [
      'With a throwing client, a function that only stores the parsed body or hands it on whole (to its caller, as a typed API client does, or to the model, as a tool does) is not judged: the shape is relied on, and should be validated, where it is read.',
      'A JSON body read only through methods arrays alone have, on it or on a member path of it with no `?.` (`list.map(…)`, `json.rows.filter(…)`, also in the next step of a promise chain, `.then((body) => body.rows.map(…))`), passes: it throws on an error body instead of turning it into data. `json.rows?.map(…) ?? []` turns an error body into an empty list and is judged.',
      'A JSON body read by reaching into a member (`json.users[0]`, `const { users } = json; users[0]`, `json.data.attributes.total`, `for (const user of json.users)`) passes: an error body lacks the member, and reading into undefined throws.',
      'Text and binary bodies (`.text()`, `.arrayBuffer()`, `responseType: \'arraybuffer\'`) need no schema: they have no shape to validate. With fetch they still need a status check.',
      'A tool that answers the model with the text as it is, cut or trimmed at most (`return (await res.text()).slice(0, max)` in a tool\'s handler or a tool class\'s `_call`), needs no status check: an error page reaches the model as the text it is, as a browser shows it, and no code parses it into data.',
      'So does the text block of an MCP answer (`return { content: [{ type: \'text\', text }] }`), and an MCP resource whose read callback hands the text to the host as it is (the catalog\'s agents.contextResources, also on a server handed in as an untyped parameter); a variable holding the text may be tested for emptiness on the way.',
      'Requests to the app\'s own backend are no connector and are not flagged: a relative URL, or a path that a route handler of the workspace serves (a file convention, or a router declaring its routes on a base path it names) on a base URL the code computes (`${serverUrl}/trpc/lambda/…`).',
      'For supabase-js and Resend, a chain ending in `.throwOnError()` is not judged, since its failure throws; nor is a result kept whole or returned to the caller, which still holds the error, nor a read (`select`), since only a write goes on as if it had succeeded.',
    ],
    why: 'An agent that reads `await res.json()` from a 500 page, a rate-limit notice or a changed upstream API treats an error as data: the tool "succeeds", the model reasons over garbage, and nothing alerts. `fetch` resolves on 4xx/5xx; axios and friends throw on status but still hand back whatever shape the upstream sends today.',
    bad: `const res = await fetch(\`https://api.example.com/orders/\${id}\`);
const order = await res.json();
return order.total;`,
    good: `const res = await fetch(\`https://api.example.com/orders/\${id}\`);
if (!res.ok) throw new Error(\`orders API answered \${res.status}\`);
const order = OrderSchema.parse(await res.json());
return order.total;`,
    references: ['https://developer.mozilla.org/en-US/docs/Web/API/Response/ok', 'https://zod.dev', 'https://cwe.mitre.org/data/definitions/252.html'],
  },
  hint: 'Check res.ok/res.status, then parse the body with a schema (e.g. zod).',
  messages: {
    noStatusCheck: 'Response of {{client}} is read without a status check or schema validation: an error page becomes data.',
    noSchema: 'Body of {{client}} response is used without schema validation: an upstream shape change passes silently.',
    errorIgnored: '{{client}} {{operation}} returns its failure in `{{field}}` instead of throwing, and nothing reads it: when it fails, the code goes on as if it had succeeded.',
  },
  check({ file, report, checked }) {
    checkErrorResults({ file, report, checked });
    for (const site of file.callSites) {
      // The app's own backend (fetch('/api/…')) is not a connector, as for the other connector rules.
      if (site.entry.kind !== 'http' || site.operation !== 'request' || isSameOriginRequest(site)) continue;
      const use: ResponseUse = { statusChecked: false, delegated: false, bodies: [], readers: new Set() };
      if (site.entry.bodyIsResult) use.bodies.push(site.node);
      else traceResponse(site.node, site, file, use, 0);
      const usedBodies = use.bodies.filter((body) => isBodyUsed(body, file));
      if (usedBodies.length === 0) continue;
      const validated = usedBodies.some((body) => isValidated(body, file));
      const throws = throwsOnHttpError(site);
      if (throws && (isShapeless(site, use) || usedBodies.every((body) => isForwarded(body, file)))) continue;
      if (throws && !validated && !usedBodies.some((body) => readsIntoShape(body, file))) continue;
      // A whole body handed to another function (a parser, a mapper) is checked there, if anywhere.
      if (throws && !validated && usedBodies.some((body) => isHandedOff(body, file))) continue;
      // Code nothing in the project calls never runs: it counts once every file was seen, if it is called.
      // Nor is a client of the project's own backend (a path one of its routes serves) a connector.
      const dead = anyCondition(deadCodeCondition(site.node, file), ownBackendCondition(site, file));
      if (throws) {
        checked(site.node, dead ? { unless: dead } : undefined);
        if (!validated && !readInsideCatchingTry(site.node)) report(site.node, 'noSchema', { client: site.entry.id }, { ...(dead ? { notApplicableIf: dead } : {}), judgedAt: usedBodies[0] });
        continue;
      }
      if (use.delegated && !use.statusChecked) continue;
      // A tool answering the model with the page's text: the model reads an error page as such.
      if (use.readers.size > 0 && [...use.readers].every((reader) => reader === 'text') && textAnsweredToModel(site.node, usedBodies, file)) continue;
      checked(site.node, dead ? { unless: dead } : undefined);
      const parsed = parsesBody(site, use);
      // `(await res.json()).map(…)`: an error body cannot become data when every read of it throws on one.
      if (parsed && usedBodies.every((body) => onlyThrowingReads(body, file))) continue;
      // Judged where the body is read: a response fetched in the browser arm of isomorphic code and read by code both sides run is the server's too.
      // `try { data = await (await fetch(url)).json() } catch (e) { log(e) }`: an error page fails to parse into the fallback.
      const fallsBack = parsed && readsFailIntoFallback(site.node, usedBodies, file);
      if (!use.statusChecked && !validated && !fallsBack) report(site.node, 'noStatusCheck', { client: site.entry.id }, { ...withOkCheckFix(site, file), ...(dead ? { notApplicableIf: dead } : {}), judgedAt: usedBodies[0] });
    }
  },
});
