/** What a file is for: decides which rules judge it. */
export const ROLES = ['server', 'browser', 'script', 'example', 'test', 'generated', 'vendored', 'legacy'] as const;
export type Role = (typeof ROLES)[number];

/** Why a file has its role, in words a user can check and override. */
export interface RoleEvidence {
  readonly kind: 'config' | 'generated-marker' | 'vendored-marker' | 'project-description' | 'path' | 'directive' | 'framework' | 'package-entry' | 'npm-script' | 'ui-library' | 'web-client' | 'standalone-program' | 'script-folder' | 'browser-api' | 'web-worker' | 'branch' | 'conventional-entry' | 'reachable' | 'copied-in-item' | 'developer-cli' | 'default';
  /** e.g. `'use client' directive`, `scripts/** path`, `package.json "bin"`, `imported by src/app.ts from src/index.ts`. */
  readonly detail: string;
}

export interface FileRole {
  readonly role: Role;
  readonly evidence: RoleEvidence;
}

/** Role conventions as catalog data (rules/catalog/roles.yaml); globs are relative to the file's package directory. */
export interface RolesCatalog {
  /** Path conventions, first match wins in list order. */
  readonly paths: readonly { readonly role: Role; readonly globs: readonly string[] }[];
  /** Framework file conventions, applied when the package depends on one of `dependencies`. */
  readonly frameworks: readonly FrameworkConvention[];
  readonly directives: readonly { readonly directive: string; readonly role: Role }[];
  /** Free identifiers only a browser defines (a local `document` variable does not count). */
  readonly browserGlobals: readonly string[];
  /**
   * Libraries that tell whether the app runs from its sources: `calls` are exports called for the answer
   * (`is.dev()`), `values` exports that are it (`import isDev from …`). A branch they guard runs in development.
   */
  readonly developmentChecks?: readonly DevelopmentCheck[];
  /** Interactive prompt libraries: a package with a `bin`, no library entry and one of these, that calls no model, is developer tooling. */
  readonly developerCliModules?: readonly string[];
  /** Modules whose import makes a bin package serve others (an MCP server, an HTTP daemon): see developer-cli.ts. */
  readonly cliServerModules?: readonly string[];
  /** Imported calls only browser code makes (React state hooks, `createRoot`). */
  readonly browserCalls: readonly { readonly module: string; readonly calls: readonly string[] }[];
  /** Header comments that mark generated code (matched case-insensitively). */
  readonly generatedMarkers: readonly string[];
  /** Header comments that mark a file copied from another project (matched case-insensitively). */
  readonly vendoredMarkers: readonly string[];
  /** Files that conventionally start a server (`src/index.ts`, `server.ts`). */
  readonly serverEntryFiles: readonly string[];
  /** npm script names that run the product (`start`, `dev`); other scripts run tooling. */
  readonly productionScripts: readonly string[];
  /**
   * Of those, the ones that start it in development (`dev`, a watch mode): production only in a package
   * that has a production entry of its own; elsewhere they watch its tooling (an image generator's `dev`).
   */
  readonly developmentScripts?: readonly string[];
  /** npm script names that start the product when the file they run imports a server framework (`api`, `server`). */
  readonly serverScripts?: readonly string[];
  /** Words that make a whole package an example (a template, demo or sample): see example-project.ts. */
  readonly exampleProjectWords: readonly string[];
  /** Phrases of a README introduction that make a package an example ("the simplest implementation"). */
  readonly exampleProjectPhrases: readonly string[];
  /** UI frameworks a component library peer-depends on (react, vue): its code runs in the host app's browser. */
  readonly uiLibraryPeers: readonly string[];
  /** Rules whose findings in an example package are its adopter's decisions (what to store, for how long): judged as example code. */
  readonly exampleProjectAdopterRules: readonly string[];
  /** Rules whose findings in an example package are judged as example code unless it ships a deployment (deploymentLinks, deploymentFiles). */
  readonly exampleProjectLocalRules: readonly string[];
  /** README links of one-click deployments (`vercel.com/new/clone`): the example is meant to run in public as it is. */
  readonly deploymentLinks: readonly string[];
  /** Files in a package directory that deploy it (`vercel.json`, `fly.toml`, `Dockerfile`). */
  readonly deploymentFiles: readonly string[];
  /** `type` prefixes of items a registry distributes for copying into other apps (`registry:`): see copied-in-items.ts. */
  readonly copiedInItemTypes: readonly string[];
  /** Keys of such an item's file entries that name a source file of the repository (`path`, `sourcePath`). */
  readonly copiedInItemFileKeys: readonly string[];
  /** What makes a package a web client, all of whose code runs in the browser: see web-client.ts. */
  readonly webClients: {
    /** UI renderers that mount a page (react-dom, vue). */
    readonly renderers: readonly string[];
    /** Bundlers that build code for the browser (vite, webpack). */
    readonly bundlers: readonly string[];
    /** Dependencies that run the package's code outside the browser too (next, express, electron). */
    readonly notOnlyBrowser: readonly string[];
  };
}

export interface DevelopmentCheck {
  readonly module: string;
  readonly calls?: readonly string[];
  readonly values?: readonly string[];
}

export interface FrameworkConvention {
  readonly framework: string;
  readonly dependencies: readonly string[];
  readonly role: Role;
  readonly globs: readonly string[];
  /** A file matched as `browser` that exports one of these runs it on the server (getServerSideProps, loader). */
  readonly serverExports?: readonly string[];
  /**
   * The framework serves these files only from the package's root (Next.js's `app/`): the same layout
   * deeper in a package that has its own is a copy of an app kept as material (a course stage, a template shown in docs).
   */
  readonly packageRootOnly?: boolean;
}

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
const role = { enum: ROLES } as const;

/** The `roles` section of a catalog fragment. */
export const rolesCatalogSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    paths: { type: 'array', items: { type: 'object', required: ['role', 'globs'], additionalProperties: false, properties: { role, globs: stringList } } },
    frameworks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['framework', 'dependencies', 'role', 'globs'],
        additionalProperties: false,
        properties: { framework: { type: 'string', minLength: 1 }, dependencies: stringList, role, globs: stringList, serverExports: stringList, packageRootOnly: { type: 'boolean' } },
      },
    },
    directives: { type: 'array', items: { type: 'object', required: ['directive', 'role'], additionalProperties: false, properties: { directive: { type: 'string', minLength: 1 }, role } } },
    browserGlobals: stringList,
    developerCliModules: stringList,
    cliServerModules: stringList,
    developmentChecks: { type: 'array', items: { type: 'object', required: ['module'], additionalProperties: false, properties: { module: { type: 'string', minLength: 1 }, calls: stringList, values: stringList } } },
    browserCalls: { type: 'array', items: { type: 'object', required: ['module', 'calls'], additionalProperties: false, properties: { module: { type: 'string', minLength: 1 }, calls: stringList } } },
    generatedMarkers: stringList,
    vendoredMarkers: stringList,
    serverEntryFiles: stringList,
    productionScripts: stringList,
    developmentScripts: stringList,
    serverScripts: stringList,
    exampleProjectWords: stringList,
    exampleProjectPhrases: stringList,
    uiLibraryPeers: stringList,
    exampleProjectAdopterRules: stringList,
    exampleProjectLocalRules: stringList,
    deploymentLinks: stringList,
    deploymentFiles: stringList,
    copiedInItemTypes: stringList,
    copiedInItemFileKeys: stringList,
    webClients: {
      type: 'object',
      required: ['renderers', 'bundlers', 'notOnlyBrowser'],
      additionalProperties: false,
      properties: { renderers: stringList, bundlers: stringList, notOnlyBrowser: stringList },
    },
  },
} as const;
