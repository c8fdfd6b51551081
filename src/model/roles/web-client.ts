import picomatch from 'picomatch';
import type { PackageInfo } from '../graph/manifests.js';
import type { RolesCatalog } from './types.js';

/** Why a package is a web client: the UI renderer and the bundler it depends on. */
export interface WebClient {
  readonly name: string;
  readonly renderer: string;
  readonly bundler: string;
}

/**
 * Packages that are web clients: they render a UI in the page (react-dom, vue…) and are built by a
 * browser bundler (vite, webpack…), and depend on no framework or runtime that runs code outside the
 * browser (next, express, electron…). Every file of such a package runs in the browser, whatever
 * index file or workspace export reaches it. Keyed by package directory.
 */
export function webClientPackages(packages: readonly PackageInfo[], catalog: RolesCatalog['webClients']): Map<string, WebClient> {
  const renderer = picomatch([...catalog.renderers]);
  const bundler = picomatch([...catalog.bundlers]);
  const outside = picomatch([...catalog.notOnlyBrowser]);
  const clients = new Map<string, WebClient>();
  for (const pkg of packages) {
    if (pkg.dependencies.some((d) => outside(d))) continue;
    const ui = pkg.dependencies.find((d) => renderer(d));
    const build = pkg.dependencies.find((d) => bundler(d));
    if (ui && build) clients.set(pkg.dir, { name: pkg.name ?? (pkg.dir || 'the root package'), renderer: ui, bundler: build });
  }
  return clients;
}
