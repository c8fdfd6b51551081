import { CONFIG_SCHEMA_REFERENCE } from '../../config/json-schema.js';
import type { ProjectProfile } from './detect.js';

const RUNNER: Record<ProjectProfile['packageManager'], string> = { npm: 'npx', pnpm: 'pnpm exec', yarn: 'yarn', bun: 'bunx' };
const INSTALL: Record<ProjectProfile['packageManager'], string> = { npm: 'npm ci', pnpm: 'pnpm install --frozen-lockfile', yarn: 'yarn install --frozen-lockfile', bun: 'bun install --frozen-lockfile' };

/** A commented starter config: every line a user may want is there, the choices explained. */
export function starterConfig(profile: ProjectProfile): string {
  const found = profile.frameworks.length > 0 ? profile.frameworks.join(', ') : 'no agent framework in package.json yet';
  return `# yaml-language-server: $schema=${CONFIG_SCHEMA_REFERENCE}
# agent-audit config (${profile.language}; ${found}).
# Every key is optional; \`agent-audit --print-config\` shows what a run will use.

# Globs relative to this file. Tests, specs, mocks and fixtures are excluded by default;
# exclude adds to that list (defaultExcludes: false audits them too).
# include: ["src/**"]
# exclude: ["src/legacy/**"]

# Severity per rule: critical | high | medium | low | off. \`agent-audit rules\` lists them,
# \`agent-audit explain <rule-id>\` shows what one checks.
# rules:
#   events/interval-polling: low

gate:
  # Fail CI below this score (0-100); default: fail in the 'not ready' band below 50.
  # failUnder: 70
  # Fail on any finding at or above this severity (default critical).
  failOn: critical

# polling:
#   instances: 4            # agent instances in the fleet, for the polling budget
#   maxCallsPerMinute: 600  # fail when the fleet polls more than this
`;
}

/** The CI job for the detected CI, or a hint for none. */
export function ciSnippet(profile: ProjectProfile): string {
  const run = `${RUNNER[profile.packageManager]} agent-audit --format sarif --output agent-audit.sarif --format pretty`;
  if (profile.ci === 'github') {
    return `GitHub Actions (.github/workflows/agent-audit.yml):

name: agent-audit
on: [pull_request]
jobs:
  audit:
    runs-on: ubuntu-latest
    permissions: { contents: read, security-events: write }
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - run: ${INSTALL[profile.packageManager]}
      - run: ${run}
      - uses: github/codeql-action/upload-sarif@v3
        if: always()
        with: { sarif_file: agent-audit.sarif }
`;
  }
  if (profile.ci === 'gitlab') {
    return `GitLab CI (add to .gitlab-ci.yml):

agent-audit:
  image: node:20
  script:
    - ${INSTALL[profile.packageManager]}
    - ${RUNNER[profile.packageManager]} agent-audit --format gitlab --output gl-code-quality-report.json --format pretty
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
`;
  }
  return `No CI detected (.github/workflows or .gitlab-ci.yml). In any CI, run:

  ${run}
`;
}
