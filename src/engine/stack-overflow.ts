/** V8's "Maximum call stack size exceeded": how a parser or walker reports a file nested too deeply. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
