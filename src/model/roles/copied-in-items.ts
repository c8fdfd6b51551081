import { staticName, ts, unwrap } from '../ast.js';
import type { FileIndex } from '../file-index.js';
import type { RolesCatalog } from './types.js';

/**
 * Source files a component registry distributes (a shadcn registry item: `{ type: 'registry:page',
 * path: 'app/api/chat/route.ts', sourcePath?: … }`), relative to the registry's package: they are
 * copied into the adopter's app, where they run; in this repository they are templates.
 */
export function copiedInItemFiles(index: FileIndex, catalog: Pick<RolesCatalog, 'copiedInItemTypes' | 'copiedInItemFileKeys'>): string[] {
  const { copiedInItemTypes: types, copiedInItemFileKeys: keys } = catalog;
  if (types.length === 0 || keys.length === 0) return [];
  const files: string[] = [];
  for (const prop of index.properties) {
    if (!ts.isPropertyAssignment(prop) || staticName(prop.name) !== 'type') continue;
    const value = unwrap(prop.initializer);
    if (!ts.isStringLiteralLike(value) || !types.some((prefix) => value.text.startsWith(prefix))) continue;
    const item = prop.parent;
    if (!ts.isObjectLiteralExpression(item)) continue;
    // The first key present names the source (a `sourcePath` wins over the `path` it is published as).
    const named = (key: string) => item.properties.find((entry): entry is ts.PropertyAssignment => ts.isPropertyAssignment(entry) && staticName(entry.name) === key);
    const entry = keys.map(named).find((found) => found !== undefined);
    const path = entry && unwrap(entry.initializer);
    if (path && ts.isStringLiteralLike(path) && path.text.length > 0 && !path.text.startsWith('/') && !path.text.includes('..')) files.push(path.text.replace(/^\.\//, ''));
  }
  return [...new Set(files)];
}
