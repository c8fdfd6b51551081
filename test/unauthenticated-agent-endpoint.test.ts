import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';

const ROUTE = `import { streamText } from 'ai';
import { openai } from '@ai-sdk/openai';

export async function POST(req: Request) {
  const { messages } = await req.json();
  return streamText({ model: openai('gpt-4o'), messages }).toTextStreamResponse();
}
`;

async function findings(files: Record<string, string>): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'agent-audit-endpoint-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const result = await audit({ paths: [root], config: {}, configDir: root });
  return result.findings.filter((f) => f.ruleId === 'security/unauthenticated-agent-endpoint').length;
}

describe('security/unauthenticated-agent-endpoint in a Next.js project', () => {
  it('flags a route handler that runs the model when nothing sits in front of it', async () => {
    expect(await findings({ 'app/api/chat/route.ts': ROUTE })).toBe(1);
  });

  it('leaves route handlers alone when middleware.ts (or Next 16 proxy.ts) intercepts requests', async () => {
    const middleware = `export { auth as middleware } from './auth';\nexport const config = { matcher: ['/api/:path*'] };\n`;
    expect(await findings({ 'app/api/chat/route.ts': ROUTE, 'middleware.ts': middleware })).toBe(0);
    expect(await findings({ 'src/app/api/chat/route.ts': ROUTE, 'src/proxy.ts': middleware })).toBe(0);
  });
});
