import type { ChalkInstance } from 'chalk';
import type { FailureModeCoverage, TaxonomyCoverage } from '../verdict/taxonomy/coverage.js';
import { wrap } from './text-wrap.js';

const WIDTH = 80;
/** `  v1.0 ` is seven columns: continuation lines start under the mode name. */
const HANGING = ' '.repeat(7);

function modeLine(mode: FailureModeCoverage, text: string): string {
  return `  v${mode.version} ${wrap(`${mode.name}: ${text}`, WIDTH, HANGING).slice(HANGING.length)}`;
}

function checkedText(mode: FailureModeCoverage): string {
  if (mode.findings === undefined) return mode.rules.join(', ');
  return `${mode.findings} finding${mode.findings === 1 ? '' : 's'} (${mode.rules.join(', ')})`;
}

/**
 * The coverage matrix as terminal text, readable at 80 columns: the modes the rules check (with
 * findings when from an audit), then the manual-review modes with the check a human should do.
 */
export function taxonomyLines(coverage: TaxonomyCoverage, c: ChalkInstance): string[] {
  const checked = coverage.modes.filter((m) => m.status === 'checked');
  const manual = coverage.modes.filter((m) => m.status === 'manual-review');
  const versions = coverage.versions.map((v) => `v${v}`).join(' + ');
  return [
    c.bold(`Microsoft agentic failure modes, ${versions}: ${coverage.checked} checked, ${coverage.manualReview} manual review`),
    ...(checked.length > 0 ? [c.underline('Checked by rules'), ...checked.map((m) => modeLine(m, checkedText(m)))] : []),
    ...(manual.length > 0 ? [c.underline('Manual review (no rule decides these)'), ...manual.map((m) => modeLine(m, m.manualCheck ?? ''))] : []),
  ];
}
