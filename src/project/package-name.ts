/** The npm package a bare module specifier names: `@langchain/core/tools` → `@langchain/core`, `ai` → `ai`. */
export function packageOfSpecifier(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}
