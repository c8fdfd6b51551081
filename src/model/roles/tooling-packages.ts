import type { PackageInfo } from '../graph/manifests.js';
import { nearest } from '../graph/resolve.js';
import { hasEntryFields, type EntryPoint } from './entries.js';
import type { FileRole, RoleEvidence } from './types.js';

/** Evidence that a file of the package starts or is loaded by a product. */
const PRODUCT_EVIDENCE: ReadonlySet<RoleEvidence['kind']> = new Set(['framework', 'conventional-entry', 'package-entry']);

/**
 * Packages that start no product: npm scripts run some of their files, all as tooling (`build: tsx
 * src/build.tsx`, a `dev` that only watches it), the package publishes no entry, and no file of it is a
 * framework route or a conventional server entry. A file of such a package that nothing else decides
 * (reached by no production code) is tooling too. Each with the evidence shown for its files.
 */
export function toolingPackages(entries: ReadonlyMap<string, EntryPoint>, decided: ReadonlyMap<string, FileRole>, packages: readonly PackageInfo[], rootTail: string): Map<PackageInfo, string> {
  const scripts = new Map<PackageInfo, string>();
  const products = new Set<PackageInfo>();
  for (const entry of entries.values()) {
    const pkg = nearest(packages, entry.file, rootTail);
    if (!pkg) continue;
    if (entry.kind === 'production') products.add(pkg);
    else if (entry.evidence.kind === 'npm-script' && !scripts.has(pkg)) scripts.set(pkg, entry.evidence.detail);
  }
  for (const [file, role] of decided) {
    if (PRODUCT_EVIDENCE.has(role.evidence.kind)) {
      const pkg = nearest(packages, file, rootTail);
      if (pkg) products.add(pkg);
    }
  }
  return new Map([...scripts].filter(([pkg]) => !products.has(pkg) && !hasEntryFields(pkg)));
}
