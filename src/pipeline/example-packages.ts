import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentEvidence } from '../model/roles/deployment.js';
import { exampleProjectEvidence } from '../model/roles/example-project.js';
import { readReadme } from '../project/readme.js';
import type { Finding } from '../types.js';
import type { AuditPlan } from './plan.js';

interface PackageKind {
  readonly example: boolean;
  readonly deployed: boolean;
}

/**
 * Per-file findings of the rules the roles catalog names, in packages that call themselves a template,
 * demo or sample: judged as example code (withdrawn unless examples are included, then labelled
 * `example`). Adopter rules always; local rules only when the package ships no deployment.
 */
export function judgeInExamplePackages(plan: AuditPlan, findings: readonly Finding[]): Finding[] {
  const { exampleProjectAdopterRules: adopter, exampleProjectLocalRules: local } = plan.catalog.roles;
  if (adopter.length === 0 && local.length === 0) return [...findings];
  const kinds = new Map<string, PackageKind>();
  const kindOf = (file: string): PackageKind => {
    const key = plan.scopeOf(file).key;
    let kind = kinds.get(key);
    if (!kind) {
      const pkg = plan.packages.packageIn(key);
      const readme = readReadme(pkg.dir);
      const example = !!exampleProjectEvidence({ ...pkg.manifest, readme }, plan.catalog.roles);
      const deployed = example && !!deploymentEvidence(readme, (name) => existsSync(join(pkg.dir, name)), plan.catalog.roles);
      kinds.set(key, (kind = { example, deployed }));
    }
    return kind;
  };
  return findings.flatMap((finding) => {
    const asExample = adopter.includes(finding.ruleId) || local.includes(finding.ruleId);
    if (!asExample || finding.role === 'example') return [finding];
    const kind = kindOf(finding.file);
    if (!kind.example || (!adopter.includes(finding.ruleId) && kind.deployed)) return [finding];
    return plan.roles.judges(finding.ruleId, 'example') ? [{ ...finding, role: 'example' as const }] : [];
  });
}
