import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { toPosix } from './discover.js';
import { readMetadataText } from './read-file.js';
import { isInside } from './root.js';

/** The package a file belongs to: the directory of its nearest package.json (or the project root). */
export interface ProjectPackage {
  /** Absolute directory; the project root when no package.json governs the file. */
  readonly dir: string;
  readonly manifest?: PackageManifest;
}

/** The package manifest that governs the audited root: what project-level rules read from it. */
export interface PackageManifest {
  /** Relative to the audit root. */
  readonly path: string;
  readonly dependencies: readonly string[];
  /** 1-based line of the "dependencies" key (or 1). */
  readonly dependenciesLine: number;
}

/**
 * Parses one package.json; `path` is relative to the project root. A manifest that does not parse is
 * ignored: the audit is about source code.
 */
export function parseManifest(file: string, projectRoot: string): PackageManifest | undefined {
  try {
    // Capped, regular files only: a package.json linked to /dev/zero is no manifest.
    const text = readMetadataText(file);
    if (text === undefined) return undefined;
    const json = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
    const dependencies = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((key) => Object.keys(json?.[key] ?? {}));
    const index = text.split('\n').findIndex((line) => /"dependencies"\s*:/.test(line));
    return { path: toPosix(relative(projectRoot, file)), dependencies, dependenciesLine: index >= 0 ? index + 1 : 1 };
  } catch {
    return undefined;
  }
}

/**
 * Finds each file's package: the nearest package.json above it, never above the project root (paths
 * outside it could not be reported). Monorepo packages each get their own manifest.
 */
export class PackageIndex {
  private readonly byDir = new Map<string, ProjectPackage>();

  constructor(private readonly projectRoot: string) {}

  packageOf(absoluteFile: string): ProjectPackage {
    return this.packageAt(dirname(absoluteFile));
  }

  /** The package whose directory is `dir` (as returned in ProjectPackage.dir). */
  packageIn(dir: string): ProjectPackage {
    return this.packageAt(dir);
  }

  private packageAt(dir: string): ProjectPackage {
    const known = this.byDir.get(dir);
    if (known) return known;
    let found: ProjectPackage;
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = parseManifest(file, this.projectRoot);
      found = { dir, ...(manifest ? { manifest } : {}) };
    } else if (dir === this.projectRoot || !isInside(dir, this.projectRoot) || dirname(dir) === dir) {
      found = { dir: this.projectRoot };
    } else {
      found = this.packageAt(dirname(dir));
    }
    this.byDir.set(dir, found);
    return found;
  }
}
