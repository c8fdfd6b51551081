import { callTakingArgument, isFunctionLike, ts, unwrap } from '../../../src/model/ast.js';

/**
 * `listen(3000, …)`, `listen(port, host, …)`, `listen(h, …)` in a bundle, `listen({ port }, …)`: a server's
 * port or options. A name given as a string (`bus.listen('thumbnails', handler)`) is a queue or a channel.
 */
function isPortLike(arg: ts.Expression | undefined): boolean {
  const node = arg && unwrap(arg);
  return !!node && !ts.isStringLiteralLike(node) && !ts.isTemplateExpression(node);
}

/**
 * A request in the callback a server runs once it listens on a port (`app.listen(port, async () => { … })`):
 * the server drops the callback's promise, so nothing waits for what it does (print a settings link, warm a
 * cache); its hang holds no request and no agent step. A `listen` of another kind (`bus.listen('job', handler)`)
 * runs its callback for work that is waited on.
 */
export function inServerStartCallback(call: ts.CallExpression): boolean {
  for (let node: ts.Node = call; node.parent; node = node.parent) {
    if (!isFunctionLike(node)) continue;
    const taken = callTakingArgument(node);
    if (!taken) return false;
    const { call: owner, argument } = taken;
    return (
      owner.arguments.length > 1 &&
      owner.arguments[owner.arguments.length - 1] === argument &&
      ts.isPropertyAccessExpression(owner.expression) &&
      owner.expression.name.text === 'listen' &&
      isPortLike(owner.arguments[0])
    );
  }
  return false;
}
