import picomatch from 'picomatch';

export type Matcher = (path: string) => boolean;

/**
 * One regular expression for all the globs: every file is tested against every convention, and
 * picomatch's matcher for a list tests each glob in turn and builds a result object per test.
 */
export function globsMatcher(globs: readonly string[]): Matcher {
  if (globs.length === 0) return () => false;
  const any = new RegExp(globs.map((glob) => picomatch.makeRe(glob, { dot: true }).source).join('|'));
  return (path) => any.test(path);
}
