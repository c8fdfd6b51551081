import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { audit } from '../src/audit.js';
import { componentScript } from '../src/project/component-script.js';
import type { AuditResult } from '../src/types.js';
import { tempProject } from './helpers/temp-project.js';

const timeouts = (result: AuditResult) =>
  result.findings.filter((f) => f.ruleId === 'connectors/no-timeout').map((f) => ({ file: f.file, line: f.line, column: f.column, role: f.role }));

const run = (root: string, judgeBrowser = false) => audit({ paths: [root], config: judgeBrowser ? { roles: { judge: ['browser'] } } : {}, configDir: root });

const SVELTE = `<script context="module" lang="ts">
  export const prerender = false
</script>

<script lang="ts">
  import { onMount } from 'svelte';
  let items: string[] = [];
  onMount(async () => {
    const res = await fetch('https://api.example.com/items');
    items = await res.json();
  });
</script>

<ul>{#each items as item}<li>{item}</li>{/each}</ul>
`;

const VUE = `<template>
  <p>{{ answer }}</p>
  <!-- <script>fetch('https://commented.example.com')</script> -->
</template>

<script setup lang="ts" generic="T extends Record<string, unknown>">
import { ref } from 'vue';
const answer = ref('');
async function ask(q: T) { const r = await fetch('https://api.example.com/ask', { method: 'POST', body: JSON.stringify(q) }); answer.value = await r.text(); }
</script>

<script type="application/ld+json">{ "@context": "https://schema.org" }</script>
`;

const ASTRO = `---
import Layout from '../layouts/Layout.astro';
const res = await fetch('https://api.example.com/posts');
const posts = await res.json();
---
<Layout><h1>{posts.length} posts</h1></Layout>
`;

describe('component files: script blocks are audited at their own lines and columns', () => {
  it('blanks everything but the code, keeping every line break and column', () => {
    const { text, scriptKind } = componentScript('src/Widget.svelte', SVELTE);
    expect(text.length).toBe(SVELTE.length);
    expect(text.split('\n').length).toBe(SVELTE.split('\n').length);
    expect(scriptKind).toBe(ts.ScriptKind.TS);
    expect(text).not.toContain('<script');
    expect(text).not.toContain('{#each');
    expect(text.split('\n')[8]).toBe(SVELTE.split('\n')[8]);
  });

  it('leaves HTML comments and data scripts out, and reads attribute values holding ">"', () => {
    const { text } = componentScript('src/Ask.vue', VUE);
    expect(text).not.toContain('commented.example.com');
    expect(text).not.toContain('schema.org');
    expect(text).toContain("import { ref } from 'vue';");
  });

  it('a Svelte component is browser code: judged only when browser code is, at the right position', async () => {
    const root = tempProject({ 'package.json': JSON.stringify({ name: 'app', dependencies: { svelte: '5.0.0' } }), 'src/lib/Widget.svelte': SVELTE });
    const byDefault = await run(root);
    expect(byDefault.coverage.filesAudited).toBe(1);
    expect(byDefault.coverage.roles?.browser).toBe(1);
    expect(timeouts(byDefault)).toEqual([]);
    expect(timeouts(await run(root, true))).toEqual([{ file: 'src/lib/Widget.svelte', line: 9, column: 23, role: 'browser' }]);
  });

  it('a Vue component is found by discovery and reported at its script line', async () => {
    const root = tempProject({ 'package.json': JSON.stringify({ name: 'app', dependencies: { vue: '3.5.0' } }), 'src/components/Ask.vue': VUE });
    expect(timeouts(await run(root, true))).toEqual([{ file: 'src/components/Ask.vue', line: 9, column: 44, role: 'browser' }]);
  });

  it('Nuxt server components and Astro frontmatter run on the server', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'app', dependencies: { nuxt: '3.0.0', astro: '5.0.0' } }),
      'components/Ask.server.vue': VUE,
      'src/pages/index.astro': ASTRO,
    });
    expect(timeouts(await run(root))).toEqual([
      { file: 'components/Ask.server.vue', line: 9, column: 44, role: 'server' },
      { file: 'src/pages/index.astro', line: 3, column: 19, role: 'server' },
    ]);
  });

  it('a syntax error in a script block is a parse error at its place in the component', async () => {
    const root = tempProject({ 'src/Broken.vue': `<template><p>hi</p></template>\n<script>\nconst a = {;\n</script>\n` });
    const result = await run(root);
    expect(result.coverage.parseErrors).toEqual([expect.objectContaining({ path: 'src/Broken.vue', line: 3, column: 12 })]);
  });

  it('an unclosed script block runs to the end of the file and is audited, not hidden', async () => {
    const root = tempProject({ 'package.json': JSON.stringify({ name: 'app', dependencies: { svelte: '5.0.0' } }), 'src/Open.svelte': `<script>\nconst res = await fetch('https://api.example.com/x');\n` });
    const result = await run(root, true);
    expect(timeouts(result)).toEqual([{ file: 'src/Open.svelte', line: 2, column: 19, role: 'browser' }]);
  });

  it('template-only components are audited with no findings and no parse error', async () => {
    const root = tempProject({
      'src/Badge.svelte': '<span class="badge"><slot /></span>\n',
      'src/Card.vue': '<template>\n  <div class="card"><slot /></div>\n</template>\n<style scoped>.card { padding: 1rem; }</style>\n',
      'src/pages/about.astro': '<h1>About</h1>\n',
    });
    const result = await run(root, true);
    expect(result.coverage.filesAudited).toBe(3);
    expect(result.coverage.parseErrors).toEqual([]);
    expect(result.findings).toEqual([]);
  });
});
