import { ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import type { ModelOutputExecutionCatalog } from '../../catalog/types.js';
import { runsInShell } from '../untrusted/code-sinks.js';

/**
 * A command a tool runs that only reads (`git log -- ${path}`, `execFile('git', ['status'])`): its
 * program and leading words are one of the catalog's `agents.readOnlyCommands`, written in the code,
 * and its literal text holds no shell control, redirection or substitution. Whatever a caller
 * interpolates may still inject a command (security/model-output-execution judges that); what the
 * code means to do changes nothing.
 */

/** Characters that chain, redirect or substitute commands in a shell line. */
const SHELL_CONTROL = /[;&|<>`\n]|\$\(/;

/** The literal words of a command line: the text before the first interpolation, and whether any literal part holds shell control. */
function lineText(expr: ts.Expression): { readonly head: string; readonly control: boolean } | undefined {
  const node = unwrap(expr);
  if (ts.isStringLiteralLike(node)) return { head: node.text, control: SHELL_CONTROL.test(node.text) };
  if (!ts.isTemplateExpression(node)) return undefined;
  const literals = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
  return { head: node.head.text, control: literals.some((text) => SHELL_CONTROL.test(text)) };
}

/** `spawn('git', ['log', '--oneline'])`: the program and its literal leading arguments, as one line. */
function programText(call: ts.CallExpression): string | undefined {
  const [program, args] = call.arguments;
  const name = program && unwrap(program);
  if (!name || !ts.isStringLiteralLike(name)) return undefined;
  const list = args && unwrap(args);
  const words = list && ts.isArrayLiteralExpression(list) ? list.elements.map((element) => (ts.isStringLiteralLike(element) ? element.text : undefined)) : [];
  const leading = words.findIndex((word) => word === undefined);
  return [name.text, ...(leading < 0 ? words : words.slice(0, leading))].join(' ');
}

const startsWithCommand = (line: string, commands: readonly string[]): boolean => {
  const words = line.trim().split(/\s+/);
  return commands.some((command) => {
    const wanted = command.split(' ');
    return wanted.every((word, i) => words[i] === word);
  });
};

type ShellSinks = ModelOutputExecutionCatalog['sinks'];

/** The catalog's shell sinks, split by form: a whole command line (exec), or a program and its arguments (spawn). */
const runnerForms = new WeakMap<ShellSinks, { readonly lines: ShellSinks; readonly programs: ShellSinks }>();

function runners(sinks: ShellSinks): { readonly lines: ShellSinks; readonly programs: ShellSinks } {
  let forms = runnerForms.get(sinks);
  if (!forms) {
    const shell = sinks.filter((sink) => sink.kind === 'shell');
    forms = { lines: shell.filter((sink) => !sink.shellArguments), programs: shell.filter((sink) => sink.shellArguments) };
    runnerForms.set(sinks, forms);
  }
  return forms;
}

/** Does this call run a command line the code wrote to only read? */
export function runsReadOnlyCommand(call: ts.CallExpression, facts: FileFacts): boolean {
  const { readOnlyCommands } = facts.classifier.agents;
  const execution = facts.classifier.modelOutputExecution;
  const origin = facts.originOf(call.expression);
  if (!origin) return false;
  const { lines, programs } = runners(execution.sinks);
  if (facts.classifier.matches(lines, origin)) {
    const line = call.arguments[0] && lineText(call.arguments[0]);
    return line !== undefined && !line.control && startsWithCommand(line.head, readOnlyCommands);
  }
  // Under `shell: true` (or with a shell as the program) the arguments are one shell line again.
  if (facts.classifier.matches(programs, origin) && !runsInShell(call, execution)) {
    const line = programText(call);
    return line !== undefined && startsWithCommand(line, readOnlyCommands);
  }
  return false;
}
