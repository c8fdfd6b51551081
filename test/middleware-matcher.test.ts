import { describe, expect, it } from 'vitest';
import { matcherPattern, matchersCover, samplePath } from '../src/domain/routes/middleware-matcher.js';

describe('Next.js middleware matchers', () => {
  it('reads named parameters and their modifiers', () => {
    expect(matchersCover(['/s/:path*'], '/s')).toBe(true);
    expect(matchersCover(['/s/:path*'], '/s/abc/def')).toBe(true);
    expect(matchersCover(['/s/:path*'], '/api/chat')).toBe(false);
    expect(matchersCover(['/api/:id'], '/api/chat')).toBe(true);
    expect(matchersCover(['/api/:id'], '/api/chat/stream')).toBe(false);
    expect(matchersCover(['/api/:rest+'], '/api')).toBe(false);
    expect(matchersCover(['/api/:rest+'], '/api/a/b')).toBe(true);
    expect(matchersCover(['/docs/:page?'], '/docs')).toBe(true);
  });

  it('keeps raw groups as regular expressions: the usual exclusion list', () => {
    const matcher = '/((?!_next/static|_next/image|favicon.ico).*)';
    expect(matchersCover([matcher], '/api/chat')).toBe(true);
    expect(matchersCover([matcher], '/_next/static/chunk.js')).toBe(false);
    expect(matchersCover(['/((?!api|_next).*)'], '/api/chat')).toBe(false);
  });

  it('takes a middleware with no matcher, or one it cannot read safely, to run everywhere', () => {
    expect(matchersCover(undefined, '/api/chat')).toBe(true);
    // A backtracking bomb written by the audited code is not compiled.
    expect(matcherPattern('/((a+)+b)')).toBeUndefined();
    expect(matchersCover(['/((a+)+b)'], '/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toBe(true);
    expect(matcherPattern('/(unclosed')).toBeUndefined();
    expect(matcherPattern('relative')).toBeUndefined();
  });

  it('turns a route file into a request path: groups dropped, dynamic segments filled', () => {
    expect(samplePath('/(chat)/api/[id]/history')).toBe('/api/x/history');
    expect(samplePath('/api/[...slug]')).toBe('/api/x');
    expect(samplePath('/(marketing)')).toBe('/');
  });
});
