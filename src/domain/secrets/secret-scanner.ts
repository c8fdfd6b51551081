import type { SecretFormat, SecretsCatalog } from '../../catalog/types.js';
import { camelWordsSplittingAcronyms } from '../../model/name-words.js';
import { escapeRegExp } from '../../catalog/regex-safety.js';

/** A credential found in a string: which format (or none, for a credential-named random value) and where. */
export interface SecretMatch {
  readonly format?: SecretFormat;
  /** The credential itself, as written (never printed: see maskSecret). */
  readonly value: string;
}

export interface SecretScanner {
  /** Provider-format credentials anywhere in the text (formats restricted to names are tried only when `name` allows them). */
  findFormat(text: string, name?: string): SecretMatch | undefined;
  /** Is this identifier, property or header name one that holds a credential (`apiKey`, `OPENAI_API_KEY`, `x-api-key`)? */
  isCredentialName(name: string): boolean;
  /** The text with every provider-format credential in it masked (for inventory lines that quote code). */
  redact(text: string): string;
  /** Does a value assigned to a credential name look like a real, random credential rather than a word, reference or placeholder? */
  looksLikeCredential(value: string): boolean;
}

/**
 * `ISSUE-17040-TEXT-FILE-ONLY-9f31c7`, `order_sync_worker_v2`: three or more single-case words between
 * separators make a label someone typed, not a random token (random base64 rarely splits that way).
 */
function isWordLabel(value: string): boolean {
  const parts = value.split(/[-_.:]/);
  const words = parts.filter((part) => /^(?:[a-z]{3,}|[A-Z]{3,})$/.test(part)).length;
  if (words >= 3) return true;
  // `secret-token-1234`, `dev_password_2024`: words and a short number, every part typed by a person.
  return words >= 2 && parts.every((part) => /^(?:[a-z]{3,}|[A-Z]{3,}|[0-9]{1,6})$/.test(part));
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** `aaaa`, `0000`, `12345`, `abcde`, `zyxwv`: typed by a person, not generated. */
function hasPatternedRun(text: string): boolean {
  let repeat = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < text.length; i++) {
    const step = text.charCodeAt(i) - text.charCodeAt(i - 1);
    const alphanumeric = /[a-z0-9]/i.test(text[i]!);
    repeat = step === 0 && alphanumeric ? repeat + 1 : 1;
    up = step === 1 && alphanumeric ? up + 1 : 1;
    down = step === -1 && alphanumeric ? down + 1 : 1;
    if (repeat >= 4 || up >= 5 || down >= 5) return true;
  }
  return false;
}

/** Masks a credential for display: provider, first four characters, length. Never the rest. */
export function maskSecret(value: string): string {
  return `${value.slice(0, 4)}…, ${value.length} chars`;
}

function matchesPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0 || phrase.length > words.length) return false;
  const offset = words.length - phrase.length;
  return phrase.every((word, i) => words[offset + i] === word);
}

/** No provider documents a credential shorter than this; shorter strings skip the format scan. */
const SHORTEST_CREDENTIAL = 12;

const scanners = new WeakMap<SecretsCatalog, SecretScanner>();

/** The scanner for a catalog, compiled once (the catalog object is shared by every file of an audit). */
export function secretScanner(catalog: SecretsCatalog): SecretScanner {
  let scanner = scanners.get(catalog);
  if (!scanner) {
    scanner = compileScanner(catalog);
    scanners.set(catalog, scanner);
  }
  return scanner;
}

function compileScanner(catalog: SecretsCatalog): SecretScanner {
  const phrases = catalog.credentialNames.map(camelWordsSplittingAcronyms);
  const publicPhrases = (catalog.publicCredentialNames ?? []).map(camelWordsSplittingAcronyms);
  const qualifiers = new Set(catalog.nonCredentialQualifiers.map((word) => word.toLowerCase()));
  const words = catalog.placeholderWords.map(escapeRegExp).join('|');
  // As a word (`your-api-key`, `YOUR_TOKEN_HERE`) or in capitals (`…7EXAMPLE`): random text rarely has either.
  const placeholderWord = new RegExp(`(?<![A-Za-z])(?:${words})(?![a-z])`, 'i');
  const placeholderCaps = new RegExp(`(?:${words.toUpperCase()})`);
  // Bounded so that a format never matches inside a longer token (`AKIA…` inside a longer base32 string).
  const formats = catalog.formats.map((format) => ({
    format,
    regex: new RegExp(`(?<![A-Za-z0-9_])(?:${format.pattern})(?![A-Za-z0-9_])`, 'g'),
    names: format.names?.map(camelWordsSplittingAcronyms),
  }));

  // One pass over the literal decides whether any format can match: most strings in code are not keys.
  const anyFormat = new RegExp(catalog.formats.map((f) => `(?:${f.pattern})`).join('|') || '(?!)');

  const isPlaceholder = (value: string): boolean => placeholderWord.test(value) || placeholderCaps.test(value) || /[*<>{}[\]…]|\.\.\.|%s|\$\{/.test(value) || hasPatternedRun(value);

  const publicKey = catalog.publicKeyPatterns.length > 0 ? new RegExp(`^(?:${catalog.publicKeyPatterns.join('|')})$`) : undefined;

  const isCredentialName = (name: string): boolean => {
    // Identifiers and header names; object keys that are paths or sentences are not names of a value.
    if (!/^[A-Za-z_$][\w$-]*$/.test(name)) return false;
    const words = camelWordsSplittingAcronyms(name);
    if (publicPhrases.some((p) => matchesPhrase(words, p))) return false;
    const phrase = phrases.find((p) => matchesPhrase(words, p));
    if (!phrase) return false;
    return !words.slice(0, words.length - phrase.length).some((word) => qualifiers.has(word));
  };

  const isCredential = (value: string, format: SecretFormat): boolean => !isPlaceholder(value) && shannonEntropy(value) >= (format.minEntropy ?? catalog.formatMinEntropy);

  return {
    isCredentialName,
    redact(text) {
      let result = text;
      for (const { format, regex, names } of formats) {
        if (!names) result = result.replace(regex, (value) => (isCredential(value, format) ? `[${format.provider} key ${maskSecret(value)}]` : value));
      }
      return result;
    },
    findFormat(text, name) {
      if (text.length < SHORTEST_CREDENTIAL || !anyFormat.test(text)) return undefined;
      const words = name === undefined ? undefined : camelWordsSplittingAcronyms(name);
      for (const { format, regex, names } of formats) {
        if (names && !(words && names.some((p) => matchesPhrase(words, p)))) continue;
        for (const match of text.matchAll(regex)) {
          const value = match[0];
          if (isCredential(value, format)) return { format, value };
        }
      }
      return undefined;
    },
    looksLikeCredential(value) {
      if (value.length < catalog.minLength || /\s/.test(value) || publicKey?.test(value)) return false;
      // Credentials are printable tokens; URLs, paths, env-var names and prose are references to one.
      if (!/^[A-Za-z0-9+/=_\-.~:]+$/.test(value) || value.includes('://') || /^[A-Z][A-Z0-9_]*$/.test(value)) return false;
      if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value) || isWordLabel(value)) return false;
      return !isPlaceholder(value) && shannonEntropy(value) >= catalog.minEntropy;
    },
  };
}
