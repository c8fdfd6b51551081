import { staticName, ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import type { SecretsCatalog } from '../../../src/catalog/types.js';

type SdkClient = SecretsCatalog['sdkClients'][number];

/** A literal handed to an SDK client as its credential, and which client it is. */
export interface SdkCredential {
  readonly client: SdkClient;
  /** How the slot is written in code: `apiKey`, `argument 1`. */
  readonly slot: string;
}

function credentialLiterals(call: ts.CallExpression | ts.NewExpression, client: SdkClient): [ts.Expression, string][] {
  const args = call.arguments ?? [];
  if (client.credentialArgument !== undefined) {
    const arg = args[client.credentialArgument];
    return arg ? [[unwrap(arg), `argument ${client.credentialArgument + 1}`]] : [];
  }
  const options = args[0] && unwrap(args[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return [];
  return options.properties.flatMap((prop): [ts.Expression, string][] => {
    const name = ts.isPropertyAssignment(prop) ? staticName(prop.name) : undefined;
    return name && ts.isPropertyAssignment(prop) && (client.credentialKeys ?? []).includes(name) ? [[unwrap(prop.initializer), name]] : [];
  });
}

const SINGLETONS = new WeakMap<readonly SdkClient[], (readonly SdkClient[])[]>();

/** One stable one-entry list per client, so the classifier compiles each matcher once. */
function singletonLists(clients: readonly SdkClient[]): (readonly SdkClient[])[] {
  let lists = SINGLETONS.get(clients);
  if (!lists) {
    lists = clients.map((client) => [client]);
    SINGLETONS.set(clients, lists);
  }
  return lists;
}

/** `process.env.KEY ?? 'missing'`: the literal is the fallback of an environment lookup, not the credential. */
function literalsOf(value: ts.Expression): ts.StringLiteralLike[] {
  if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) return [value];
  return [];
}

/**
 * String literals given as the credential of a catalog SDK client (`new OpenAI({ apiKey: '…' })`,
 * `new GoogleGenerativeAI('…')`), keyed by the literal. Fallbacks of an env lookup are not included.
 */
export function sdkClientCredentials(file: FileFacts): Map<ts.Node, SdkCredential> {
  const clients = file.classifier.secrets.sdkClients;
  const found = new Map<ts.Node, SdkCredential>();
  if (clients.length === 0) return found;
  for (const call of [...file.index.newExpressions, ...file.index.calls]) {
    if (!file.mayCall(clients, call)) continue;
    const origin = file.originOf(call.expression);
    if (!origin || origin.module === 'globalThis') continue;
    const client = singletonLists(clients).find((list) => file.classifier.matches(list, origin))?.[0];
    if (!client) continue;
    for (const [value, slot] of credentialLiterals(call, client)) {
      for (const literal of literalsOf(value)) found.set(literal, { client, slot });
    }
  }
  return found;
}

/**
 * `your-api-key`, `<KEY>`, `sk-...`, `xxx`, `ollama`, `not-needed`: a value someone typed to fill
 * the slot, not an issued credential. Issued keys mix letters and digits and have no spaces.
 */
export function isPlaceholderCredential(value: string, placeholderWords: readonly string[]): boolean {
  const text = value.trim();
  if (text.length < 12 || /\s/.test(text)) return true;
  if (/[<>{}]|\.\.\.|…|\*/.test(text)) return true;
  if (/(.)\1{3,}/i.test(text)) return true;
  if (!/[0-9]/.test(text) || !/[A-Za-z]/.test(text)) return true;
  const lower = text.toLowerCase();
  return placeholderWords.some((word) => lower.includes(word));
}
