import { join } from 'node:path';
import { createClassifier } from '../../src/catalog/matcher.js';
import { computeFileFacts } from '../../src/model/file-facts.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { readProjectManifests } from '../../src/model/graph/manifests.js';
import { extractFileModelFacts } from '../../src/model/roles/file-model-facts.js';
import { buildProjectModel, type ProjectModel } from '../../src/model/roles/project-model.js';
import type { RoleOverrides } from '../../src/model/roles/assign.js';
import { discoverFiles } from '../../src/project/discover.js';
import { createParser } from '../../src/project/parse.js';

export const MODEL_FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'model');

/** The project model of a fixture project, built the way an audit builds it (every file, tests included). */
/** `publishedLibrary`: as the audit says from the package manifests (a private package is none). */
export function modelOf(dir: string, overrides: RoleOverrides = {}, options: { readonly publishedLibrary?: (file: string) => boolean } = {}): ProjectModel {
  const root = join(MODEL_FIXTURES, dir);
  const catalog = loadCatalog();
  const discovery = discoverFiles({ root, paths: [root], include: [], exclude: [] });
  const parse = createParser();
  const classifier = createClassifier(catalog);
  const files = discovery.files.flatMap((file) => {
    const loaded = parse(file);
    return loaded.kind === 'parsed' ? [extractFileModelFacts(file.path, loaded.sourceFile, catalog.roles, computeFileFacts(file.path, loaded.sourceFile, classifier))] : [];
  });
  return buildProjectModel({ files, manifests: readProjectManifests(root, files.map((f) => f.path)), catalog: catalog.roles, overrides, ...options });
}
