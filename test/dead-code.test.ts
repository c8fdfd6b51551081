import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { referencedNames } from '../src/model/referenced-names.js';
import { ts } from '../src/model/ast.js';
import { tempProject } from './helpers/temp-project.js';

const CLIENT = `export class ReportClient {
  constructor(private readonly base: string) {}

  async upload(report: string) {
    const res = await fetch(this.base + '/reports', { method: 'POST', body: report });
    return res.ok;
  }
}
`;

const timeoutFindings = async (files: Record<string, string>) => {
  const dir = tempProject(files);
  const result = await audit({ paths: [dir], config: {}, configDir: dir });
  return result.findings.filter((f) => f.ruleId === 'connectors/no-timeout').map((f) => `${f.file}:${f.line}`);
};

const names = (code: string) => referencedNames(ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true)).sort();

describe('referenced names', () => {
  it('counts uses, property reads, imports, exports and name-like strings, not declarations', () => {
    expect(names(`import { a as b, c } from './m';
function declared(param: string) { return b(param) + obj.read + this['viaString']; }
class Holder { method() {} field = 1 }
export { declared };`)).toEqual(['a', 'b', 'c', 'declared', 'obj', 'param', 'read', 'viaString']);
  });
});

describe('dead code across a project', () => {
  it('a method no file of the project calls is not judged; the same method called from another workspace package is', async () => {
    const base = { 'package.json': '{"private":true,"workspaces":["packages/*"]}', 'packages/client/package.json': '{"name":"client","private":true}', 'packages/client/src/client.ts': CLIENT };
    expect(await timeoutFindings(base)).toEqual([]);
    const called = { ...base, 'packages/app/package.json': '{"name":"app","private":true}', 'packages/app/src/main.ts': `import { ReportClient } from 'client';\nexport const send = (text: string) => new ReportClient('https://reports.example.com').upload(text);\n` };
    expect(await timeoutFindings(called)).toEqual(['packages/client/src/client.ts:5']);
  });

  it('a published library keeps its classes alive: their users call them', async () => {
    const library = { 'package.json': '{"name":"report-client","main":"dist/index.js"}', 'src/index.ts': CLIENT };
    expect(await timeoutFindings(library)).toEqual(['src/index.ts:5']);
  });

  it('a component whose markup was not parsed may use any name', async () => {
    const withComponent = { 'package.json': '{"name":"app","private":true}', 'src/client.ts': CLIENT, 'src/Upload.svelte': '<script>\n  export let client;\n</script>\n<button on:click={() => client.upload("x")}>Send</button>\n' };
    expect(await timeoutFindings(withComponent)).toEqual(['src/client.ts:5']);
  });
});
