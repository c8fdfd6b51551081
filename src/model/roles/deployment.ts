import type { RoleEvidence, RolesCatalog } from './types.js';

/**
 * Evidence that a package is meant to run in public as it is: its README links a one-click deployment
 * (`vercel.com/new/clone?…`), or its directory holds a deployment file (`vercel.json`, `Dockerfile`).
 * `hasFile` answers for names in the package directory.
 */
export function deploymentEvidence(readme: string | undefined, hasFile: (name: string) => boolean, catalog: Pick<RolesCatalog, 'deploymentLinks' | 'deploymentFiles'>): RoleEvidence | undefined {
  const text = readme?.toLowerCase();
  const link = text === undefined ? undefined : catalog.deploymentLinks.find((l) => text.includes(l.toLowerCase()));
  if (link) return { kind: 'project-description', detail: `README links a deployment (${link})` };
  const file = catalog.deploymentFiles.find(hasFile);
  return file ? { kind: 'project-description', detail: `deployment file ${file}` } : undefined;
}
