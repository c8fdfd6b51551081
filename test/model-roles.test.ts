import { describe, expect, it } from 'vitest';
import { modelOf } from './helpers/model.js';

const roleOf = (model: ReturnType<typeof modelOf>, file: string) => model.roleOf(file)?.role;

describe('code roles: Next.js app with scripts and examples', () => {
  const model = modelOf('nextjs');

  it('route handlers and server components are server; what they import is server', () => {
    expect(model.roleOf('app/api/chat/route.ts')).toEqual({ role: 'server', evidence: { kind: 'framework', detail: 'Next.js convention for app/api/chat/route.ts' } });
    expect(roleOf(model, 'app/chat/page.tsx')).toBe('server');
    expect(roleOf(model, 'pages/api/health.ts')).toBe('server');
    expect(model.roleOf('lib/agent.ts')).toEqual({ role: 'server', evidence: { kind: 'reachable', detail: 'imported by app/api/chat/route.ts (server)' } });
    expect(roleOf(model, 'lib/topics.ts')).toBe('server');
  });

  it("'use client' components and what only they import are browser, even when a server page renders them", () => {
    expect(model.roleOf('components/chat-box.tsx')).toEqual({ role: 'browser', evidence: { kind: 'directive', detail: "'use client' directive" } });
    expect(model.roleOf('lib/api-client.ts')?.role).toBe('browser');
    expect(model.roleOf('lib/api-client.ts')?.evidence.detail).toBe('imported by components/chat-box.tsx (browser)');
  });

  it('files run by npm scripts are scripts, and so is code only they import; code shared with the server stays server', () => {
    expect(model.roleOf('lib/seed.ts')?.role).toBe('script');
    expect(model.roleOf('lib/seed.ts')?.evidence).toEqual({ kind: 'npm-script', detail: 'package.json script "seed": tsx lib/seed.ts' });
    expect(roleOf(model, 'tasks/ingest.mjs')).toBe('script');
    expect(model.roleOf('lib/seed-data.ts')).toEqual({ role: 'script', evidence: { kind: 'reachable', detail: 'imported by lib/seed.ts (script)' } });
    expect(roleOf(model, 'lib/prompt.ts')).toBe('server');
    expect(roleOf(model, 'scripts/load-test.ts')).toBe('script');
  });

  it('a script named for a server (api, server, backend) starts the product when its file imports a server framework', () => {
    expect(model.roleOf('server/webhooks.ts')).toEqual({ role: 'server', evidence: { kind: 'npm-script', detail: 'package.json script "server": tsx server/webhooks.ts' } });
    expect(model.roleOf('lib/describe-api.ts')).toEqual({ role: 'script', evidence: { kind: 'npm-script', detail: 'package.json script "api": tsx lib/describe-api.ts' } });
  });

  it('a runner resolves a script path written without its extension, as require does', () => {
    expect(model.roleOf('ops/rebuild-index.js')).toEqual({ role: 'script', evidence: { kind: 'npm-script', detail: 'package.json script "rebuild-index": node ops/rebuild-index' } });
  });

  it('a file nothing imports in a folder of hand-run programs is one of them; in a folder of production workers it is not', () => {
    expect(model.roleOf('ops/prune-orphans.ts')).toEqual({ role: 'script', evidence: { kind: 'script-folder', detail: 'no file imports it, and most files run directly in its folder are scripts (ops/rebuild-index.js, ...)' } });
    expect(model.roleOf('ops/reports/weekly.ts')?.evidence.kind).toBe('script-folder');
    expect(model.roleOf('workers/digest.ts')).toEqual({ role: 'server', evidence: { kind: 'default', detail: 'no file imports it and no convention decides; assumed a production entry point' } });
  });

  it('tools/ is no tooling path (an agent keeps its tools there): a file there is a script only when a script runs it', () => {
    expect(model.roleOf('tools/search.ts')).toEqual({ role: 'server', evidence: { kind: 'reachable', detail: 'imported by lib/agent.ts, reached from app/api/chat/route.ts (server)' } });
    expect(model.roleOf('tools/cleanup.ts')).toEqual({ role: 'script', evidence: { kind: 'npm-script', detail: 'package.json script "cleanup": tsx tools/cleanup.ts' } });
  });

  it('an import the server uses only in types loads nothing: the store it names stays browser code', () => {
    expect(model.graph.edges['app/api/chat/route.ts']?.map((e) => e.to)).toEqual(['lib/agent.ts', 'lib/legacy/compat.ts', 'lib/text.ts']);
    expect(model.roleOf('lib/conversation-store.ts')).toEqual({ role: 'browser', evidence: { kind: 'reachable', detail: 'imported by components/history-panel.tsx (browser)' } });
  });

  it('in a module server and browser both import, code only the browser uses is browser code', () => {
    expect(model.roleOf('lib/text.ts')).toEqual({ role: 'server', evidence: { kind: 'reachable', detail: 'imported by app/api/chat/route.ts (server)' } });
    expect(model.roleAt('lib/text.ts', 3)?.role).toBe('server');
    // Not imported by the server, but called by what it imports.
    expect(model.roleAt('lib/text.ts', 7)?.role).toBe('server');
    expect(model.roleAt('lib/text.ts', 11)).toEqual({ role: 'browser', evidence: { kind: 'reachable', detail: 'fetchJson in lib/text.ts is used only by browser code; server code uses collapse, formatAnswer' } });
    // A module only the server imports keeps its role on every line.
    expect(model.roleAt('lib/agent.ts', 8)?.role).toBe('server');
  });

  it('a component nothing renders is no production entry: what only it imports keeps its own evidence', () => {
    expect(model.roleOf('components/unused-banner.tsx')?.evidence.kind).toBe('default');
    expect(model.roleOf('lib/theme.ts')).toEqual({ role: 'browser', evidence: { kind: 'browser-api', detail: 'uses localStorage' } });
  });

  it('vendored copies and top-level legacy code are not live code; look-alikes are', () => {
    expect(model.roleOf('vendor/lru/index.js')).toEqual({ role: 'vendored', evidence: { kind: 'path', detail: 'path matches **/vendor/**' } });
    expect(model.roleOf('lib/ring-buffer.ts')).toEqual({ role: 'vendored', evidence: { kind: 'vendored-marker', detail: 'header comment "vendored from"' } });
    expect(model.roleOf('legacy/v1-agent.ts')).toEqual({ role: 'legacy', evidence: { kind: 'path', detail: 'path matches legacy/**' } });
    expect(model.roleOf('lib/legacy/compat.ts')).toEqual({ role: 'server', evidence: { kind: 'reachable', detail: 'imported by app/api/chat/route.ts (server)' } });
    expect(roleOf(model, 'lib/vendors.ts')).toBe('server');
    expect(model.roleOf('src/__generated__/routes.ts')).toEqual({ role: 'generated', evidence: { kind: 'path', detail: 'path matches **/__generated__/**' } });
  });

  it('examples stay examples although they import the app; tests and generated files have their roles', () => {
    expect(model.roleOf('examples/basic.ts')).toEqual({ role: 'example', evidence: { kind: 'path', detail: 'path matches **/examples/**' } });
    expect(model.roleOf('examples/standalone/bin/weather.ts')).toEqual({ role: 'example', evidence: { kind: 'path', detail: 'path matches **/examples/**' } });
    expect(roleOf(model, 'lib/__tests__/agent.test.ts')).toBe('test');
    expect(roleOf(model, 'lib/agent.vitest.ts')).toBe('test');
    expect(roleOf(model, 'lib/test/sample-input.ts')).toBe('test');
    expect(model.roleOf('lib/test-utils/mock-model.ts')).toEqual({ role: 'test', evidence: { kind: 'path', detail: 'path matches **/test-utils/**' } });
    expect(model.roleOf('environment_tests/build-check/pages/api/hello.ts')).toEqual({ role: 'test', evidence: { kind: 'path', detail: 'path matches **/*_tests/**' } });
    expect(model.roleOf('lib/testing/fake-search.ts')).toEqual({ role: 'test', evidence: { kind: 'path', detail: 'path matches **/testing/**' } });
    expect(roleOf(model, 'lib/ab-tests/assign-variant.ts')).toBe('server');
    expect(roleOf(model, 'lib/load-testing/plan.ts')).toBe('server');
    expect(model.roleOf('src/gen/schema.ts')).toEqual({ role: 'generated', evidence: { kind: 'generated-marker', detail: 'header comment "DO NOT EDIT"' } });
  });

  it("an app laid out deeper in a package that has its own app/ is a copy kept as material: Next.js serves only the package's", () => {
    expect(model.roleOf('content/lessons/first-agent/app/api/chat/route.ts')).toEqual({
      role: 'example',
      evidence: { kind: 'path', detail: "Next.js serves app/api/chat/route.ts only at its package's root: content/lessons/first-agent/ holds a copy of an app" },
    });
    expect(model.roleOf('app/api/chat/route.ts')?.evidence.kind).toBe('framework');
  });

  it('counts files per role', () => {
    expect(model.roleCounts).toEqual({ server: 17, browser: 5, script: 12, example: 3, test: 6, generated: 2, vendored: 2, legacy: 1 });
  });

  it('user globs override every other evidence', () => {
    const overridden = modelOf('nextjs', { server: ['scripts/**'], script: ['lib/agent.ts'] });
    expect(overridden.roleOf('scripts/load-test.ts')).toEqual({ role: 'server', evidence: { kind: 'config', detail: 'config roles.server' } });
    expect(roleOf(overridden, 'lib/agent.ts')).toBe('script');
  });
});

describe('code roles: browser app beside its server', () => {
  const model = modelOf('spa');

  it('a browser entry (createRoot) and what it imports are browser', () => {
    expect(model.roleOf('web/src/main.tsx')).toEqual({ role: 'browser', evidence: { kind: 'browser-api', detail: 'uses document, react-dom/client createRoot' } });
    expect(roleOf(model, 'web/src/app.tsx')).toBe('browser');
    expect(roleOf(model, 'web/src/history.ts')).toBe('browser');
  });

  it('shared code reachable from a server entry is server, even when it touches a browser API', () => {
    expect(model.roleOf('server/src/index.ts')?.evidence.kind).toBe('package-entry');
    expect(roleOf(model, 'shared/format.ts')).toBe('server');
    expect(model.roleOf('shared/preferences.ts')).toEqual({ role: 'server', evidence: { kind: 'reachable', detail: 'imported by server/src/index.ts (server)' } });
  });

  it('guarded browser APIs and locals or imports named like browser globals are no browser evidence', () => {
    expect(model.roleOf('shared/storage.ts')?.evidence.kind).toBe('default');
    expect(model.roleOf('server/src/documents.ts')?.evidence.kind).toBe('default');
    expect(roleOf(model, 'server/src/queries.ts')).toBe('server');
  });
});

describe('code roles: SvelteKit', () => {
  it('server files are server, universal load files are browser', () => {
    const model = modelOf('sveltekit');
    expect(roleOf(model, 'src/routes/chat/+page.server.ts')).toBe('server');
    expect(roleOf(model, 'src/lib/server/llm.ts')).toBe('server');
    expect(roleOf(model, 'src/routes/chat/+page.ts')).toBe('browser');
    expect(roleOf(model, 'src/lib/format.ts')).toBe('browser');
  });
});

describe('code roles: an Expo Router app', () => {
  it('+api files are server routes; screens and what they import run on the device', () => {
    const model = modelOf('expo');
    expect(model.roleOf('app/api/ask+api.ts')).toEqual({ role: 'server', evidence: { kind: 'framework', detail: 'Expo Router convention for app/api/ask+api.ts' } });
    expect(roleOf(model, 'app/index.tsx')).toBe('browser');
    expect(roleOf(model, 'components/weather-card.tsx')).toBe('browser');
  });
});

describe('code roles: published packages', () => {
  it('entries in package.json main/exports are server, and so is what they reach through workspaces', () => {
    const model = modelOf('workspaces');
    expect(model.roleOf('packages/sdk/src/index.ts')?.evidence).toEqual({ kind: 'package-entry', detail: 'packages/sdk/package.json "main": ./dist/index.js' });
    // A library another workspace package imports runs where its importer runs.
    expect(model.roleOf('packages/core/src/index.ts')).toEqual({ role: 'server', evidence: { kind: 'reachable', detail: 'imported by apps/api/src/server.ts (server)' } });
    expect(model.roleOf('apps/api/src/server.ts')?.evidence).toEqual({ kind: 'npm-script', detail: 'apps/api/package.json script "start": node dist/server.js' });
    expect(roleOf(model, 'packages/core/src/ask.ts')).toBe('server');
  });

  it('a component library (a required UI-framework peer) is browser code; an optional peer does not make one', () => {
    const model = modelOf('workspaces');
    expect(model.roleOf('packages/react-chat/src/index.ts')).toEqual({ role: 'browser', evidence: { kind: 'ui-library', detail: '@acme/react-chat is a react component library (required peer dependency): its code runs in the host app' } });
    expect(roleOf(model, 'packages/sdk/src/index.ts')).toBe('server');
  });

  it('a project under templates/ is a scaffold: an example, whatever its framework', () => {
    const model = modelOf('workspaces');
    expect(model.roleOf('templates/starter/app/api/chat/route.ts')).toEqual({ role: 'example', evidence: { kind: 'path', detail: 'path matches templates/**' } });
  });

  it('source files a component registry distributes for copying into other apps are examples; a look-alike listing is no registry', () => {
    const model = modelOf('registry');
    expect(model.roleOf('app/api/chat/route.ts')).toEqual({ role: 'example', evidence: { kind: 'copied-in-item', detail: 'a registry item in src/registry.ts distributes it for copying into other apps' } });
    expect(roleOf(model, 'sources/chat-resumable/route.ts')).toBe('example');
    expect(roleOf(model, 'app/api/feedback/route.ts')).toBe('server');
  });

  it('a file that runs its own main() and exits, which nothing imports or starts, is a script; a module that only exits in a helper is not', () => {
    const model = modelOf('workspaces');
    expect(model.roleOf('apps/api/src/reindex-once.ts')?.role).toBe('script');
    expect(model.roleOf('apps/api/src/reindex-once.ts')?.evidence.kind).toBe('standalone-program');
    expect(roleOf(model, 'apps/api/src/shutdown.ts')).toBe('server');
  });

  it('a file that hands its inline program to an imported runner that ends the process is a script; a retry or handler registration is not', () => {
    const model = modelOf('hand-run');
    expect(model.roleOf('src/generate/summarise.ts')).toEqual({ role: 'script', evidence: { kind: 'standalone-program', detail: 'hands its program to run() of src/lib/run.ts, which runs it and ends the process; no package entry, npm script or import starts it' } });
    expect(roleOf(model, 'src/lib/run.ts')).toBe('script');
    expect(model.roleOf('src/start.ts')?.evidence.kind).toBe('default');
    expect(roleOf(model, 'src/start.ts')).toBe('server');
    expect(roleOf(model, 'src/jobs/worker.ts')).toBe('server');
    // A runner whose only exit is a SIGTERM handler starts a service.
    expect(roleOf(model, 'src/service.ts')).toBe('server');
  });

  it('cycles are reached once and terminate', () => {
    const model = modelOf('cycles');
    expect(roleOf(model, 'src/a.ts')).toBe('server');
    expect(model.roleOf('src/b.ts')?.evidence.kind).toBe('reachable');
  });
});

describe('code roles: a shared module the server imports as a namespace', () => {
  it('keeps every line server code: any of its names may run on the server', () => {
    const model = modelOf('shared');
    expect(model.roleOf('lib/format.ts')?.role).toBe('server');
    expect(model.roleAt('lib/format.ts', 7)?.role).toBe('server');
  });
});

describe('code roles: developer command-line tools', () => {
  const model = modelOf('dev-cli');

  it("a package with a bin, no library entry and a prompt library, that calls no model, is a developer's tool: its files are scripts", () => {
    expect(model.roleOf('packages/scaffold/src/commands/check.ts')?.role).toBe('script');
    expect(model.roleOf('packages/scaffold/src/index.ts')?.evidence).toEqual({ kind: 'developer-cli', detail: "packages/scaffold/package.json installs the command make-widget-app, publishes no library entry, uses @clack/prompts, serves nothing and calls no model: a command-line tool run by a person" });
  });

  it('a terminal agent with the same shape calls a model: it stays production code', () => {
    expect(roleOf(model, 'packages/coder/src/index.ts')).toBe('server');
  });

  it('a command-line client of its own product (a parser, no prompt library) is run by a person too', () => {
    expect(model.roleOf('packages/remote/src/index.ts')?.evidence).toEqual({ kind: 'developer-cli', detail: "packages/remote/package.json installs the command widgets, publishes no library entry, uses commander, serves nothing and calls no model: a command-line tool run by a person" });
  });

  it('an npm initializer (`npm create @widgets`) is run by a person, its library entry too: the scaffolding as an API', () => {
    expect(model.roleOf('packages/create-widget/src/index.ts')).toEqual({ role: 'script', evidence: { kind: 'developer-cli', detail: 'packages/create-widget/package.json installs the command create-widgets, is an npm initializer (@widgets/create, run by `npm create`), uses @clack/prompts, serves nothing and calls no model: a command-line tool run by a person' } });
    expect(roleOf(model, 'packages/create-widget/src/cli.ts')).toBe('script');
  });

  it('a main that is the bin\'s own file publishes no library: the package is a command-line tool', () => {
    expect(model.roleOf('packages/console/src/index.ts')).toEqual({ role: 'script', evidence: { kind: 'developer-cli', detail: 'packages/console/package.json installs the command widgets-console, publishes no library entry, uses commander, serves nothing and calls no model: a command-line tool run by a person' } });
  });

  it('a library that also installs a command, named like no initializer (creator), stays what its entries make it', () => {
    expect(roleOf(model, 'packages/creator/src/index.ts')).toBe('server');
  });

  it('a bin that starts an MCP server serves a model: it stays production code', () => {
    expect(roleOf(model, 'packages/tool-server/src/index.ts')).toBe('server');
  });
});

describe('code roles: a client, a server and the workspace library they share', () => {
  const model = modelOf('client-workspace');

  it('a web client package (react-dom, built by vite, nothing server-side) is browser code in every file; its tooling stays tooling', () => {
    expect(model.roleOf('client/src/components/Chat/image-preview.ts')).toEqual({ role: 'browser', evidence: { kind: 'web-client', detail: '@acme/client is a web client (react-dom, built by vite, nothing server-side): its code runs in the browser' } });
    expect(roleOf(model, 'client/src/components/Chat/index.ts')).toBe('browser');
    expect(roleOf(model, 'client/scripts/list-routes.ts')).toBe('script');
  });

  it('a package with react-dom and vite that also runs elsewhere (electron) is no web client; its renderer is browser, its main process is not', () => {
    expect(model.roleOf('desktop/src/main/updater.ts')).toEqual({ role: 'server', evidence: { kind: 'reachable', detail: 'imported by desktop/src/main/index.ts (server)' } });
    expect(model.roleOf('desktop/src/renderer/settings.ts')).toEqual({ role: 'browser', evidence: { kind: 'framework', detail: 'Electron convention for src/renderer/settings.ts' } });
  });

  it('a shared library runs where its importers run: through its index, each importer reaches only the modules that define what it imports', () => {
    expect(model.roleOf('packages/data/src/conversations.ts')).toEqual({ role: 'browser', evidence: { kind: 'reachable', detail: 'imported by packages/data/src/index.ts, reached from client/src/components/Chat/ChatView.tsx (browser)' } });
    expect(model.roleOf('packages/data/src/actions.ts')).toEqual({ role: 'server', evidence: { kind: 'reachable', detail: 'imported by packages/data/src/index.ts, reached from api/server/index.js (server)' } });
    expect(roleOf(model, 'packages/data/src/constants.ts')).toBe('server');
    // `import * as admin from './admin'; export { admin }` in the index is a re-export too.
    expect(model.roleOf('packages/data/src/admin.ts')).toEqual({ role: 'browser', evidence: { kind: 'reachable', detail: 'imported by packages/data/src/index.ts, reached from client/src/components/Chat/ChatView.tsx (browser)' } });
    expect(roleOf(model, 'packages/data/src/index.ts')).toBe('server');
    // Through two indexes and `export { default as x } from`: each name to the module that defines it.
    expect(model.roleOf('packages/data/src/drafts/load-draft.ts')).toEqual({ role: 'browser', evidence: { kind: 'reachable', detail: 'imported by packages/data/src/drafts/index.ts, reached from client/src/components/Chat/ChatView.tsx (browser)' } });
    expect(model.roleOf('packages/data/src/drafts/persist-draft.ts')).toEqual({ role: 'server', evidence: { kind: 'reachable', detail: 'imported by packages/data/src/drafts/index.ts, reached from api/server/index.js (server)' } });
    // Exported, imported by no audited package: the package's own users run it.
    expect(roleOf(model, 'packages/data/src/sync.ts')).toBe('server');
  });

  it('an index that only re-exports, which nothing imports, starts nothing: the browser entry decides what it lists', () => {
    expect(model.roleOf('web/src/widgets/index.ts')).toEqual({ role: 'server', evidence: { kind: 'default', detail: 'only re-exports other modules and no file imports it; assumed to run in production' } });
    expect(model.roleOf('web/src/widgets/upload-client.ts')).toEqual({ role: 'browser', evidence: { kind: 'reachable', detail: 'imported by web/src/widgets/uploader.tsx, reached from web/src/main.tsx (browser)' } });
  });

  it('an unimported file with code of its own is still assumed to start production code, after what browser evidence decided', () => {
    expect(model.roleOf('web/src/boot-legacy.ts')?.evidence).toEqual({ kind: 'default', detail: 'no file imports it and no convention decides; assumed a production entry point' });
    expect(model.roleOf('web/src/cache-warmer.ts')).toEqual({ role: 'server', evidence: { kind: 'reachable', detail: 'imported by web/src/boot-legacy.ts (server)' } });
    expect(model.roleOf('web/src/theme.ts')).toEqual({ role: 'browser', evidence: { kind: 'browser-api', detail: 'uses localStorage' } });
  });
});

describe('code roles: branches that run in one runtime only', () => {
  const model = modelOf('runtime-branches');
  const roleAt = (file: string, line: number) => model.roleAt(file, line)?.role;

  it('the browser arm of isomorphic code is browser code; the server arm and shared lines stay server', () => {
    expect(model.roleOf('lib/media.ts')?.role).toBe('server');
    // `isServer ? serverFetch : browserFetch` through a local const
    expect(roleAt('lib/media.ts', 5)).toBe('server');
    expect(model.roleAt('lib/media.ts', 6)).toEqual({ role: 'browser', evidence: { kind: 'branch', detail: 'lines 6-6 of lib/media.ts run only in a browser (isServer)' } });
    expect(roleAt('lib/media.ts', 12)).toBe('browser');
    // `if (typeof window === 'undefined') { … }`: the block is the server's, what follows its return the browser's
    expect(roleAt('lib/media.ts', 19)).toBe('server');
    expect(roleAt('lib/media.ts', 21)).toBe('browser');
    // after `if (isServer) return …;`
    expect(roleAt('lib/media.ts', 26)).toBe('server');
    expect(roleAt('lib/media.ts', 27)).toBe('browser');
    expect(roleAt('lib/media.ts', 28)).toBe('browser');
  });

  it('a line holding both arms, or a test that also holds on the server, keeps the file role', () => {
    expect(roleAt('lib/media.ts', 32)).toBe('server');
    expect(roleAt('lib/media.ts', 37)).toBe('server');
  });

  it('code that runs only in development is not production: NODE_ENV through a local or an imported const, import.meta.env.DEV, Electron app.isPackaged', () => {
    expect(model.roleAt('lib/shell.ts', 7)).toEqual({ role: 'script', evidence: { kind: 'branch', detail: 'lines 7-8 of lib/shell.ts run only in development (isDevelopment)' } });
    expect(roleAt('lib/shell.ts', 10)).toBe('server');
    // after `if (!inDevelopment) return …;`, inDevelopment imported from lib/env.ts
    expect(roleAt('lib/shell.ts', 15)).toBe('script');
    expect(roleAt('lib/desktop.ts', 5)).toBe('script');
    expect(roleAt('lib/desktop.ts', 7)).toBe('server');
    expect(roleAt('lib/desktop.ts', 12)).toBe('script');
    // a file that writes no runtime test itself, only reads an imported flag
    expect(roleAt('lib/proxy.ts', 5)).toBe('script');
    expect(roleAt('lib/proxy.ts', 7)).toBe('server');
    // NODE_ENV read through an environment helper (`readEnv('NODE_ENV')`); APP_ENV read the same way stays server
    expect(roleAt('lib/shell.ts', 41)).toBe('script');
    expect(roleAt('lib/shell.ts', 45)).toBe('server');
  });

  it('a function every call of which sits in a development-only branch is development code; one also called elsewhere is not', () => {
    expect(model.roleAt('lib/templates.ts', 2)).toEqual({ role: 'script', evidence: { kind: 'branch', detail: 'devTemplate in lib/templates.ts is only called in branches that run in development' } });
    expect(roleAt('lib/templates.ts', 7)).toBe('server');
  });

  it('production-only branches, test-only branches and flags that say nothing about the runtime stay server', () => {
    expect(roleAt('lib/shell.ts', 21)).toBe('server');
    expect(roleAt('lib/shell.ts', 30)).toBe('server');
  });

  it('a Web Worker is browser code whatever reaches it; a Node worker thread and a local `self` are not', () => {
    expect(model.roleOf('workers/embed.worker.ts')).toEqual({ role: 'browser', evidence: { kind: 'web-worker', detail: 'runs as a browser Web Worker (onmessage)' } });
    expect(model.roleOf('workers/pyodide.ts')).toEqual({ role: 'browser', evidence: { kind: 'web-worker', detail: 'runs as a browser Web Worker (importScripts)' } });
    expect(model.roleOf('workers/thread.ts')?.role).toBe('server');
    expect(model.roleOf('workers/listener.ts')?.role).toBe('server');
  });
});

describe('code roles: commands of private workspace packages', () => {
  const model = modelOf('private-tools');

  it("the bin of a private workspace package with a command-line parser is a developer's tool, and so is what only it imports", () => {
    expect(model.roleOf('packages/trace-kit/src/cli/index.ts')).toEqual({ role: 'script', evidence: { kind: 'developer-cli', detail: 'packages/trace-kit/package.json is private (never published) and installs a command using commander; it serves nothing, calls no model, and no start script runs it: a developer\'s tool ("bin.trace-kit": ./src/cli/index.ts)' } });
    expect(roleOf(model, 'packages/trace-kit/src/cli/inspect.ts')).toBe('script');
  });

  it('its library entry stays what the server that imports it makes it; a declaration only the tool uses is tooling', () => {
    expect(roleOf(model, 'packages/trace-kit/src/index.ts')).toBe('server');
    expect(roleOf(model, 'packages/trace-kit/src/store/remote.ts')).toBe('server');
    expect(model.roleAt('packages/trace-kit/src/store/remote.ts', 2)?.role).toBe('server');
    expect(model.roleAt('packages/trace-kit/src/store/remote.ts', 10)).toEqual({ role: 'script', evidence: { kind: 'reachable', detail: 'RemoteRunStore in packages/trace-kit/src/store/remote.ts is used only by tooling; server code uses parseRunId' } });
  });

  it('a class the tool imports stays server code when a function the server imports constructs it', () => {
    expect(model.roleAt('packages/trace-kit/src/store/local.ts', 4)?.role).toBe('server');
  });

  it('the command of a published package is run by a person too, though a development script runs it; its library entry stays an entry', () => {
    expect(model.roleOf('packages/deploy-kit/src/cli.ts')).toEqual({ role: 'script', evidence: { kind: 'developer-cli', detail: 'packages/deploy-kit/package.json installs a command using commander; it serves nothing, calls no model, and no start script runs it: a command-line tool run by a person ("bin.deploy-kit": ./src/cli.ts)' } });
    expect(model.roleOf('packages/deploy-kit/src/index.ts')?.evidence.kind).toBe('package-entry');
  });

  it("the bin of a private workspace package is its developers' tool without a command-line parser too: never published, nobody else runs it", () => {
    expect(model.roleOf('packages/load-bench/src/cli.mjs')).toEqual({ role: 'script', evidence: { kind: 'developer-cli', detail: 'packages/load-bench/package.json is private (never published) and installs a command; it serves nothing, calls no model, and no start script runs it: a developer\'s tool ("bin.load-bench": src/cli.mjs)' } });
    expect(roleOf(model, 'packages/load-bench/src/percentiles.mjs')).toBe('script');
  });

  it('a private command that a script starting the product runs is production code', () => {
    expect(model.roleOf('packages/worker-kit/src/main.ts')).toEqual({ role: 'server', evidence: { kind: 'package-entry', detail: 'packages/worker-kit/package.json "bin.run-jobs": ./src/main.ts' } });
  });

  it('a scoped package\'s single bin installs the command without the scope, as npm does: a start script running it makes it production code', () => {
    expect(model.roleOf('packages/index-kit/src/main.ts')).toEqual({ role: 'server', evidence: { kind: 'package-entry', detail: 'packages/index-kit/package.json "bin.index-kit": ./src/main.ts' } });
  });
});

describe('code roles: development checks of a desktop shell', () => {
  const model = modelOf('dev-classes');

  it('a branch a development-check library guards runs in development, also through a flag another module computes from it', () => {
    expect(model.roleAt('src/crash.ts', 5)).toEqual({ role: 'script', evidence: { kind: 'branch', detail: 'lines 5-6 of src/crash.ts run only in development (isDev)' } });
    expect(model.roleAt('src/crash.ts', 8)?.role).toBe('server');
    expect(model.roleAt('src/source-choice.ts', 6)?.role).toBe('script');
  });

  it('a class constructed only in development branches is development code; one also constructed elsewhere is not', () => {
    expect(model.roleAt('src/sources.ts', 6)).toEqual({ role: 'script', evidence: { kind: 'branch', detail: 'DevServerSource in src/sources.ts is only constructed in branches that run in development' } });
    expect(model.roleAt('src/sources.ts', 14)?.role).toBe('server');
  });
});

describe('code roles: a package that starts no product', () => {
  const model = modelOf('tooling-package');

  it('a generator package (build runs its own file, dev only watches it, no entry, no start) is tooling throughout', () => {
    expect(model.roleOf('apps/cards/src/build.ts')?.role).toBe('script');
    expect(model.roleOf('apps/cards/src/watch.ts')).toEqual({ role: 'script', evidence: { kind: 'npm-script', detail: 'apps/cards/package.json script "dev": tsx src/watch.ts' } });
    expect(model.roleOf('apps/cards/src/render.ts')?.role).toBe('script');
    expect(model.roleOf('apps/cards/src/launches/summer.ts')).toEqual({ role: 'script', evidence: { kind: 'npm-script', detail: 'its package starts no product; it runs its files only as tooling (apps/cards/package.json script "build": tsx src/build.ts)' } });
  });

  it('dev starts the product where no script runs a tool of its own, or where a start script exists', () => {
    expect(model.roleOf('apps/bot/src/bot.ts')).toEqual({ role: 'server', evidence: { kind: 'npm-script', detail: 'apps/bot/package.json script "dev": tsx src/bot.ts' } });
    expect(model.roleOf('apps/bot/src/replies.ts')?.role).toBe('server');
    expect(model.roleOf('apps/worker/src/run.ts')?.role).toBe('server');
    expect(model.roleOf('apps/worker/src/gen.ts')?.role).toBe('script');
  });
});
