/**
 * Single-file components (Svelte, Vue, Astro): which files are ones. Apart from component-script.ts,
 * which reads their code with the TypeScript scanner, so file discovery (and with it --help and
 * --version) loads no compiler.
 */
export const COMPONENT_EXTENSIONS = ['.svelte', '.vue', '.astro'];

export function isComponentFile(path: string): boolean {
  return COMPONENT_EXTENSIONS.some((ext) => path.endsWith(ext));
}
