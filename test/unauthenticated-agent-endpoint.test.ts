import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { tempProject } from './helpers/temp-project.js';

const ROUTE = `import { streamText } from 'ai';
import { openai } from '@ai-sdk/openai';

export async function POST(req: Request) {
  const { messages } = await req.json();
  return streamText({ model: openai('gpt-4o'), messages }).toTextStreamResponse();
}
`;

async function findings(files: Record<string, string>): Promise<number> {
  const root = tempProject(files);
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

const SVELTEKIT_ENDPOINT = `import OpenAI from 'openai';

const llm = new OpenAI();

export const POST = async ({ request }) => {
  const { question } = await request.json();
  const res = await llm.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: question }] });
  return new Response(res.choices[0]?.message.content ?? '');
};
`;

const NUXT_HANDLER = `import OpenAI from 'openai';

const llm = new OpenAI();

export default defineEventHandler(async (event) => {
  const { question } = await readBody(event);
  const res = await llm.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: question }] });
  return res.choices[0]?.message.content;
});
`;

describe('security/unauthenticated-agent-endpoint on file-convention routes', () => {
  it('flags a SvelteKit endpoint and a Nuxt server route that run the model with nothing in front', async () => {
    expect(await findings({ 'src/routes/api/ask/+server.ts': SVELTEKIT_ENDPOINT })).toBe(1);
    expect(await findings({ 'server/api/ask.post.ts': NUXT_HANDLER })).toBe(1);
  });

  it('leaves them alone when the framework middleware (hooks.server.ts, server/middleware) runs first', async () => {
    const hooks = `export const handle = async ({ event, resolve }) => resolve(event);\n`;
    expect(await findings({ 'src/routes/api/ask/+server.ts': SVELTEKIT_ENDPOINT, 'src/hooks.server.ts': hooks })).toBe(0);
    const middleware = `export default defineEventHandler((event) => { if (!event.context.user) throw createError({ statusCode: 401 }); });\n`;
    expect(await findings({ 'server/api/ask.post.ts': NUXT_HANDLER, 'server/middleware/auth.ts': middleware })).toBe(0);
  });

  it('a same-shaped export outside the convention folders is not a route', async () => {
    expect(await findings({ 'src/lib/ask.ts': SVELTEKIT_ENDPOINT, 'lib/ask.ts': NUXT_HANDLER })).toBe(0);
  });

  it('a handler that checks the session is authenticated', async () => {
    const checked = SVELTEKIT_ENDPOINT.replace('async ({ request }) => {', "async ({ request, locals }) => {\n  if (!locals.user) return new Response('unauthorized', { status: 401 });");
    expect(await findings({ 'src/routes/api/ask/+server.ts': checked })).toBe(0);
  });
});
