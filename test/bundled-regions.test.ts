import { describe, expect, it } from 'vitest';
import { bundledDependencyLines } from '../src/model/bundled-regions.js';

const lines = (text: string): number[] => {
  const bundled = bundledDependencyLines(text);
  return text.split('\n').map((_, i) => i + 1).filter((line) => bundled?.(line) === true);
};

describe('regions a bundle copied from a dependency', () => {
  it('esbuild: a module comment under node_modules opens a region that the next module comment closes', () => {
    const text = ['// node_modules/acme/dist/index.js', 'var a = 1;', '', '// src/index.ts', 'var b = 2;', '// ../../node_modules/.pnpm/x@1.0.0/node_modules/x/index.mjs', 'var c = 3;'].join('\n');
    expect(lines(text)).toEqual([1, 2, 3, 6, 7]);
  });

  it('rolldown: //#region of a vendored path up to its //#endregion, own regions left alone', () => {
    const text = ['//#region ../_vendored/ai_v4/dist/index.js', 'var a = 1;', '//#endregion', '//#region src/agent.ts', 'var b = 2;', '//#endregion'].join('\n');
    expect(lines(text)).toEqual([1, 2, 3]);
  });

  it('source files and a lone path-like comment mark nothing', () => {
    expect(bundledDependencyLines('import x from "y";\nexport const z = x;\n')).toBeUndefined();
    expect(bundledDependencyLines('// node_modules/acme/patch.js\nexport const fix = 1;\n')).toBeUndefined();
    expect(bundledDependencyLines('//#region src/a.ts\nvar a;\n//#endregion\n//#region src/b.ts\nvar b;\n//#endregion\n')).toBeUndefined();
  });
});
