import { ts } from '../../../src/model/ast.js';
import { declaredPublicInComment, isInObjectWithKeys, isInTypePosition, owningPropertyName, storedUnderName } from './credential-context.js';
import { isPlaceholderCredential, sdkClientCredentials } from './sdk-client-credential.js';
import { isOnlyCompared } from './compared-only.js';
import { maskSecret, secretScanner } from '../../../src/domain/secrets/secret-scanner.js';
import { defineRule } from '../../../src/engine/rule.js';

/** `Bearer <token>`, `Basic <base64>`, `token <pat>`: the credential is the part after the scheme. */
function withoutAuthScheme(value: string): string {
  return /^(?:Bearer|Basic|Token|Bot)\s+(\S+)$/i.exec(value)?.[1] ?? value;
}

export default defineRule({
  id: 'connectors/hardcoded-secret',
  category: 'connectors',
  severity: 'critical',
  confidence: 'high',
  title: 'Credential written literally in source',
  // A literal credential ships in the browser bundle or leaks with the repository from a script too.
  roles: ['server', 'browser', 'script'],
  taxonomy: {
    microsoft: ['agent-impersonation', 'incorrect-permissions'],
    owaspLlm: ['LLM02:2025'],
    owaspAgentic: ['ASI03', 'T3', 'T9'],
    cwe: ['CWE-798', 'CWE-259'],
  },
  docs: {
    summary: 'Flags credentials written in source: provider key formats anywhere in a string, and random-looking literals stored under a credential name.',
    details: [
      'Provider key formats come from the secrets catalog (OpenAI, Anthropic, Google, AWS, GitHub, Slack, Stripe, Groq, Hugging Face, private keys…) and are found anywhere in a string.',
      'Credential names are names such as apiKey, token, secret, password and Authorization; a random-looking literal stored under one is flagged.',
      'Findings show the secret masked.',
    ],
    notFlagged: [
      'Placeholders are not flagged, including made-up words-and-number values like `secret-token-1234` and a vendor\'s documentation key that says so (`…-documentation`): they are not real credentials.',
      'A named value whose comment right above calls it a public or demo key its vendor publishes (`// This is a public, development only key`) is not flagged: the vendor publishes it. A provider key format such as `sk-…` is reported whatever the comment says.',
      'Env lookups are not flagged: the value comes from the environment, not from source.',
      'Look-alike names are not flagged: they are not credential names.',
      'Identifiers vendors publish by design (publishable keys, client tokens, Firebase web configs, Algolia search-only configs) are not flagged: they are meant to be public.',
      'Values only compared against, such as the published defaults of a sample .env kept to warn that they are still in use, or denylists of example keys, are not flagged: the code checks for them instead of using them.',
    ],
    why: 'A key in source is in every clone, build artefact, published package and log of the repository, and it cannot be rotated without a release. Whoever finds it acts as the agent — with its model budget, its tool permissions and its data. Credentials belong in the environment or a secret manager, where they can be scoped, rotated and revoked.',
    bad: `import OpenAI from 'openai';

const openai = new OpenAI({ apiKey: 'sk-proj-Qm7vX2pL9tR4wZ8nB3cF6hJ1kD5sA0eGuY7iO2qW9xT4rE6yU8pN3mV1bC5zL0aS' });`,
    good: `import OpenAI from 'openai';

const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });`,
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://owasp.org/www-project-top-10-for-large-language-model-applications/', 'https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml', 'https://help.openai.com/en/articles/5112595-best-practices-for-api-key-safety'],
  },
  hint: 'Read it from the environment or a secret manager (process.env.OPENAI_API_KEY), and rotate the exposed key: it is in the history.',
  messages: {
    providerKey: '{{provider}} credential written in source ({{masked}}): anyone with the code can use it.',
    namedSecret: '`{{name}}` is a literal credential ({{masked}}): anyone with the code can use it.',
    sdkClientKey: 'The {{provider}} client is given a literal `{{slot}}` ({{masked}}): anyone with the code can use it; read it from process.env.{{envVar}}.',
  },
  check({ file, report, checked }) {
    const catalog = file.classifier.secrets;
    const scanner = secretScanner(catalog);
    const sdkCredentials = sdkClientCredentials(file);
    for (const literal of file.index.stringLiterals) {
      const isWhole = ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal);
      // Firebase and Algolia search configs are published to every browser by design; UI placeholders and schema examples illustrate.
      if (isWhole && (isInObjectWithKeys(literal, catalog.publicConfigKeys) || catalog.documentationKeys.includes(owningPropertyName(literal) ?? ''))) continue;
      const name = isWhole ? storedUnderName(literal, catalog.nameValueSetters) : undefined;
      const found = scanner.findFormat(literal.text, name);
      if (found?.format) {
        if (!isInTypePosition(literal) && !isOnlyCompared(literal, file)) report(literal, 'providerKey', { provider: found.format.provider, masked: maskSecret(found.value) });
        continue;
      }
      const sdk = sdkCredentials.get(literal);
      if (sdk) {
        if (isPlaceholderCredential(literal.text, catalog.placeholderWords)) continue;
        report(literal, 'sdkClientKey', { provider: sdk.client.provider, slot: sdk.slot, envVar: sdk.client.envVar, masked: maskSecret(literal.text) });
        continue;
      }
      if (name === undefined || !scanner.isCredentialName(name) || isInTypePosition(literal)) continue;
      checked(literal);
      const value = withoutAuthScheme(literal.text);
      // A known default kept only to warn that it is still in use, or a denylist entry, is not a credential in use.
      if (scanner.looksLikeCredential(value) && !isOnlyCompared(literal, file) && !declaredPublicInComment(literal, catalog.declaredPublicPhrases ?? [])) report(literal, 'namedSecret', { name, masked: maskSecret(value) });
    }
  },
});
