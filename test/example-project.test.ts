import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import { exampleProjectEvidence, readmeIntro } from '../src/model/roles/example-project.js';

const catalog = loadCatalog().roles;
const evidence = (self: Parameters<typeof exampleProjectEvidence>[0]) => exampleProjectEvidence(self, catalog)?.detail;

describe('a package that says it is a template, demo or sample', () => {
  it('is an example by its package name, keywords or description', () => {
    expect(evidence({ name: 'voice-agent-examples' })).toBe('package name "voice-agent-examples"');
    expect(evidence({ name: '@acme/support-bot', keywords: ['ai', 'Starter'] })).toBe('package keyword "Starter"');
    expect(evidence({ name: 'assistant', description: 'A template for building assistants in chat apps' })).toBe('package description calls it a template');
  });

  it('is an example by its README title or introduction, HTML headers included', () => {
    expect(evidence({ name: 'assistant', readme: '# Support Agent Demo\n\nVoice agents with handoffs.' })).toBe('README title "Support Agent Demo"');
    expect(evidence({ readme: '<a href="https://x"><img src="a.png"><h1 align="center">Chat Kit</h1></a>\n<p>Chat Kit is a free, open-source template built with a web framework.</p>\n\n## Features' })).toBe('README introduction calls it a template');
    expect(evidence({ readme: '# Research Agent\n\nIterative research.\n\nThe goal of this repo is the simplest implementation of a research agent.\n\n## How it works' })).toBe('README introduction: "simplest implementation"');
  });

  it('is an example when its README opens by saying what it demonstrates', () => {
    expect(evidence({ name: 'with-resumable-stream', readme: '# with-resumable-stream\n\nDemonstrates `stream/resumable`: persist an in-flight response so the client can reload.\n\n## How it works' })).toBe('README introduction starts "Demonstrates"');
    expect(evidence({ name: 'router-chat', readme: '# Router Integration\n\nThis example shows how to use the chat kit with a router.\n' })).toBe('README introduction calls it an example');
    expect(evidence({ name: 'ledger-sync', readme: '# Ledger Sync\n\nKeeps two ledgers in step. Our benchmark demonstrates a 2x speed-up.\n' })).toBeUndefined();
  });

  it('is no example when the words only appear in passing, after the introduction, or as a Deploy button', () => {
    expect(evidence({ name: 'templating-service', description: 'Renders prompt templates for the support team' })).toBeUndefined();
    expect(evidence({ readme: '# Fragments\n\nThis is an open-source version of apps like code artifacts. Usage is shown in the example below.\n\n[![Deploy](https://deploy/button.svg)](https://deploy)\n\n## Demo\n\nSee the demo video.' })).toBeUndefined();
    expect(evidence({ name: 'research-backend' })).toBeUndefined();
  });

  it('reads the title and the prose before the second heading', () => {
    expect(readmeIntro('intro without heading\n\nmore')).toEqual({ intro: 'intro without heading more' });
    expect(readmeIntro('# Title\n\nFirst [link](https://x) para.\n## Next\nlater')).toEqual({ title: 'Title', intro: 'First link para.' });
  });
});
