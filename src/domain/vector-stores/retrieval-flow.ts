import { calleeLastName, isFunctionLike, isNullish, ts, unwrap, valueCarrier, type FunctionLike } from '../../model/ast.js';
import { globToRegExp } from '../../catalog/matcher.js';
import type { FileFacts } from '../../model/file-facts.js';
import type { Declaration } from '../../model/scope.js';
import { bindingDeclarations, destinationOf, thenParameter } from '../../model/value-flow.js';

/**
 * Where retrieved documents went: the LLM calls or prompt templates they reached, whether anything
 * verified them on the way, and the functions of the file that return them (as they are or as text made
 * from them; with `wholeOnly`, not as one field of an object).
 */
export interface RetrievalFlow {
  readonly sinks: ts.CallExpression[];
  verified: boolean;
  readonly returnedFrom: Set<FunctionLike>;
}

interface TraceOptions {
  /** Stop where the documents become one field of an object literal: what the caller reads of it may be another field. */
  readonly wholeOnly?: boolean;
}

/** Array and string methods whose result still carries the documents (or text made from them). */
const CARRYING_METHODS = new Set(['map', 'flatMap', 'join', 'slice', 'concat', 'sort', 'toSorted', 'reverse', 'flat', 'at', 'trim', 'substring', 'replace', 'replaceAll', 'reduce', 'values', 'entries']);
/** Methods that hand each element to a callback. */
const ELEMENT_CALLBACKS = new Set(['map', 'flatMap', 'forEach', 'reduce']);
/** A callback that keeps only some results (by score, metadata or date), or gates on them (`some(m => m.score > 0.8)`). */
const SELECTING_METHODS = new Set(['filter', 'find', 'findLast', 'some', 'every']);
const APPENDING_METHODS = new Set(['push', 'unshift']);
const COMPARISONS = new Set([
  ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken,
]);
/** `a ?? b`, `a || b`, `a && b`: the result may be the value itself. */
const ALTERNATIVES = new Set([ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken]);
const MAX_STEPS = 400;

/** `score >= 0.75`, `doc.metadata.updatedAt > cutoff`: a traced value compared (not to null) is a check on the results. */
function isComparedOperand(carrier: ts.Expression, parent: ts.Node): boolean {
  if (!ts.isBinaryExpression(parent) || !COMPARISONS.has(parent.operatorToken.kind)) return false;
  const other = parent.left === carrier ? parent.right : parent.left;
  return !isNullish(other);
}

/** The catalog's `generate` operations include embedding endpoints: their input is not a prompt. */
function isEmbedding(path: readonly string[]): boolean {
  return path.some((member) => /embed/i.test(member));
}

class FlowTracer {
  private readonly seen = new Set<ts.Node>();
  private steps = 0;
  private readonly verifyingCalls: RegExp[];
  readonly flow: RetrievalFlow = { sinks: [], verified: false, returnedFrom: new Set() };

  constructor(private readonly facts: FileFacts, private readonly options: TraceOptions = {}) {
    this.verifyingCalls = facts.classifier.retrieval.verifyingCalls.map(globToRegExp);
  }

  follow(expr: ts.Expression): void {
    if (this.seen.has(expr) || ++this.steps > MAX_STEPS) return;
    this.seen.add(expr);
    const carrier = valueCarrier(expr);
    const parent = carrier.parent;
    if (!parent) return;
    if (isComparedOperand(carrier, parent)) {
      this.flow.verified = true;
      return;
    }
    if (this.followContainer(carrier, parent)) return;
    const destination = destinationOf(carrier, this.facts);
    switch (destination.kind) {
      case 'binding':
        return this.followDeclarations(destination.declarations);
      case 'member':
        return this.followMember(destination.name, destination.value, destination.called);
      case 'then':
        if (!destination.callback) return;
        this.followDeclarations(thenParameter(destination.callback, this.facts));
        return this.follow(destination.thenCall);
      case 'returned':
        if (!destination.fn) return;
        this.flow.returnedFrom.add(destination.fn);
        for (const call of this.facts.callersOf(destination.fn)) this.follow(call);
        return;
      case 'argument':
        return this.followArgument(destination.call, carrier);
      default:
        return;
    }
  }

  private followDeclarations(declarations: readonly Declaration[]): void {
    for (const decl of declarations) for (const ref of this.facts.references(decl)) this.follow(ref);
  }

  private followParameter(fn: FunctionLike, index: number): void {
    const param = fn.parameters[index];
    if (param && !param.dotDotDotToken) this.followDeclarations(bindingDeclarations(param.name, this.facts));
  }

  /** Text built from the value: template literals, `+`, object and array literals, spreads, `acc += text`. */
  private followContainer(carrier: ts.Expression, parent: ts.Node): boolean {
    if (ts.isTemplateSpan(parent) && ts.isTemplateExpression(parent.parent)) {
      this.follow(parent.parent);
      return true;
    }
    if (ts.isBinaryExpression(parent) && parent.right === carrier && parent.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) {
      const target = unwrap(parent.left);
      if (ts.isIdentifier(target)) this.followDeclarations(bindingDeclarations(target, this.facts));
      return true;
    }
    if (ts.isBinaryExpression(parent) && ALTERNATIVES.has(parent.operatorToken.kind)) {
      this.follow(parent);
      return true;
    }
    if (ts.isConditionalExpression(parent) && parent.condition !== carrier) {
      this.follow(parent);
      return true;
    }
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      this.follow(parent);
      return true;
    }
    if ((ts.isPropertyAssignment(parent) && parent.initializer === carrier) || ts.isShorthandPropertyAssignment(parent) || ts.isSpreadAssignment(parent)) {
      if (ts.isObjectLiteralExpression(parent.parent) && !this.options.wholeOnly) this.follow(parent.parent);
      return true;
    }
    if (ts.isArrayLiteralExpression(parent)) {
      this.follow(parent);
      return true;
    }
    if (ts.isSpreadElement(parent)) {
      this.follow(parent);
      return true;
    }
    if (ts.isForOfStatement(parent) && parent.expression === carrier) {
      const initializer = parent.initializer;
      if (ts.isVariableDeclarationList(initializer)) for (const decl of initializer.declarations) this.followDeclarations(bindingDeclarations(decl.name, this.facts));
      return true;
    }
    return false;
  }

  private followMember(name: string, value: ts.Expression, called: boolean): void {
    if (!called) {
      if (name !== 'length') this.follow(value);
      return;
    }
    const call = value as ts.CallExpression;
    const callback = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
    if (SELECTING_METHODS.has(name)) {
      if (callback && isFunctionLike(callback)) this.flow.verified = true;
      if (name === 'filter' || name.startsWith('find')) this.follow(call);
      return;
    }
    if (ELEMENT_CALLBACKS.has(name) && callback && isFunctionLike(callback)) this.followParameter(callback, name === 'reduce' ? 1 : 0);
    if (CARRYING_METHODS.has(name) || this.facts.classifier.retrieval.documentReaders.includes(name)) this.follow(call);
  }

  private followArgument(call: ts.CallExpression | ts.NewExpression, argument: ts.Expression): void {
    const facts = this.facts;
    const name = calleeLastName(call.expression);
    if (name !== undefined && this.verifyingCalls.some((re) => re.test(name))) {
      this.flow.verified = true;
      return;
    }
    const origin = facts.originOf(call.expression);
    const { carriers, promptTemplates } = facts.classifier.retrieval;
    if (ts.isCallExpression(call)) {
      const site = facts.callSiteOf(call);
      const isLlmPrompt = site?.entry.kind === 'llm' && site.operation === 'generate' && !isEmbedding(site.origin.path);
      if (isLlmPrompt || (origin && facts.classifier.matches(promptTemplates, origin))) {
        if (isGradingCall(call, facts)) this.flow.verified = true;
        else this.flow.sinks.push(call);
        return;
      }
    }
    if (origin && facts.classifier.matches(carriers, origin)) return this.follow(call);
    const callee = unwrap(call.expression);
    if (ts.isCallExpression(call) && name !== undefined && APPENDING_METHODS.has(name) && ts.isPropertyAccessExpression(callee)) {
      const receiver = unwrap(callee.expression);
      if (ts.isIdentifier(receiver)) this.followDeclarations(bindingDeclarations(receiver, facts));
      return;
    }
    const fn = ts.isCallExpression(call) ? facts.localFunction(call.expression) : undefined;
    const index = call.arguments?.indexOf(argument) ?? -1;
    if (fn && index >= 0) this.followParameter(fn, index);
  }
}

/** Structured-output calls: a grader answers with a verdict object, not prose. */
const STRUCTURED_OUTPUT = new Set(['withStructuredOutput', 'generateObject', 'streamObject', 'parse']);

/**
 * A structured-output model call whose verdict is compared or used to select (`grade.relevant === 'yes'`):
 * an LLM judging the documents (corrective RAG), which is verification, not the final prompt.
 */
function isGradingCall(call: ts.CallExpression, facts: FileFacts): boolean {
  const path = facts.callSiteOf(call)?.origin.path ?? [];
  if (!path.some((member) => STRUCTURED_OUTPUT.has(member))) return false;
  if (facts !== grading.file) grading = { file: facts, known: new Map(), tracing: new Set(), cycles: 0 };
  const known = grading.known.get(call);
  if (known !== undefined) return known;
  // A grading call met again while its own verdict is traced counts as no check, there only.
  if (grading.tracing.has(call)) {
    grading.cycles++;
    return false;
  }
  const state = grading;
  const cyclesBefore = state.cycles;
  state.tracing.add(call);
  try {
    const tracer = new FlowTracer(facts);
    tracer.follow(call);
    // Each verdict is traced once per file (a trace that met grading calls traced them anew, exponentially
    // in a file full of them), unless it met one in progress: then it depends on where the trace began.
    if (state.cycles === cyclesBefore) state.known.set(call, tracer.flow.verified);
    return tracer.flow.verified;
  } finally {
    state.tracing.delete(call);
  }
}

/** The current file's grading verdicts, the grading calls being traced, and how many traces met one of those. */
let grading: { file?: FileFacts; known: Map<ts.CallExpression, boolean>; tracing: Set<ts.CallExpression>; cycles: number } = { known: new Map(), tracing: new Set(), cycles: 0 };

/**
 * Follows retrieved documents forward through variables, derived text, containers, callbacks and
 * same-file helpers (arguments in, return values out) to the LLM calls and prompt templates they
 * reach, noting any score comparison, selecting filter or reranker on the way.
 */
export function traceRetrievedDocuments(retrieval: ts.CallExpression, facts: FileFacts, options?: TraceOptions): RetrievalFlow {
  const tracer = new FlowTracer(facts, options);
  tracer.follow(retrieval);
  return tracer.flow;
}
