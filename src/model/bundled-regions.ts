/**
 * Code a bundler copied into a file from a dependency: the regions a bundle marks as coming from
 * `node_modules` or a vendored folder. rolldown/tsdown open each module with `//#region <path>` and close
 * it with `//#endregion`; esbuild starts each module with a `// <path>` comment line. The maintainers of
 * the bundle did not write that code and cannot change it, so no rule reports in it.
 */

/** A module path a bundler names at column 0: `//#region ../../node_modules/.pnpm/…/index.js`, `// node_modules/ajv/dist/core.js`. */
const REGION_START = /^\/\/#region (\S+)\s*$/;
const REGION_END = /^\/\/#endregion\b/;
const ESBUILD_MODULE = /^\/\/ ((?:\.\.?\/)*[\w@.+\-]+(?:\/[\w@.+\-]+)*\.(?:[cm]?[jt]sx?|json))\s*$/;
const VENDORED_SEGMENT = /(?:^|\/)(?:node_modules|_?vendor(?:ed)?)\//;

/** Per line (1-based), is it inside a region bundled from a dependency? Undefined for files that mark none. */
export function bundledDependencyLines(text: string): ((line: number) => boolean) | undefined {
  // Most files name no bundled module: skip the line scan.
  if (!/^\/\/(?:#region | )(?:\S*\/)?(?:node_modules|_?vendor(?:ed)?)\//m.test(text)) return undefined;
  const ranges: [number, number][] = [];
  let markers = 0;
  let open: number | undefined;
  const close = (line: number): void => {
    if (open !== undefined) ranges.push([open, line]);
    open = undefined;
  };
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trimEnd();
    const region = REGION_START.exec(text)?.[1] ?? ESBUILD_MODULE.exec(text)?.[1];
    if (region !== undefined) {
      markers++;
      close(line - 1);
      if (VENDORED_SEGMENT.test(region)) open = line;
    } else if (REGION_END.test(text)) close(line);
  });
  close(lines.length);
  // A bundle names many modules; one comment that looks like a path is no bundle.
  if (ranges.length === 0 || markers < 2) return undefined;
  return (line) => ranges.some(([from, to]) => line >= from && line <= to);
}

const linesOfFile = new WeakMap<object, ((line: number) => boolean) | null>();

/** bundledDependencyLines of a parsed file, worked out once per file: its rules and its function summaries both ask. */
export function bundledLinesOf(sourceFile: { readonly text: string }): ((line: number) => boolean) | undefined {
  let lines = linesOfFile.get(sourceFile);
  if (lines === undefined) linesOfFile.set(sourceFile, (lines = bundledDependencyLines(sourceFile.text) ?? null));
  return lines ?? undefined;
}
