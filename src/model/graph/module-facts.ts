import { staticName, ts, unwrap } from '../ast.js';
import { isReference } from '../scope.js';
import { commonJsExport, hasModifier } from '../syntax.js';

/**
 * What one file says about its module links, as plain JSON-safe data: computed per file (in a worker
 * when the tree is large), cached per file later, and joined into the module graph on the main thread.
 */
export interface ModuleFacts {
  readonly imports: readonly ImportFact[];
  /** Names this file defines and exports (`export function f`, `export { a as b }`, `exports.x =`). */
  readonly exports: readonly LocalExport[];
  readonly reExports: readonly ReExportFact[];
}

export type ImportKind = 'import' | 'require' | 'dynamic' | 'import-equals';

/** One imported or required module and the local names it binds. */
export interface ImportFact {
  readonly specifier: string;
  readonly kind: ImportKind;
  /**
   * No runtime edge: `import type`, or (in TypeScript) an import none of whose bindings is used as a
   * value, which the compiler and every TypeScript bundler erase (`import { Model } from './api'` used
   * only in annotations does not load ./api).
   */
  readonly typeOnly: boolean;
  readonly bindings: readonly ImportBinding[];
}

/** `imported` is an export name, `default`, or `*` for a namespace (incl. `const m = require(x)` and `__toESM(require(x))`). */
export interface ImportBinding {
  readonly local: string;
  readonly imported: string;
  /** `import { type X }`: erased. */
  readonly typeOnly?: true;
}

export interface LocalExport {
  readonly exported: string;
  /** The local declaration's name, when it has one. */
  readonly local?: string;
  /**
   * An exported object literal's properties that name a local (`export default { list, get: getOne }`,
   * also held in a const first: `export const service = { list }`, `const service = { list }; export default service`):
   * callers reach them as `service.list()`.
   */
  readonly members?: readonly { readonly name: string; readonly local: string }[];
}

/** `{ list, get: getOne }`: the properties whose value is a local name, by property name. */
function objectMembers(expression: ts.Expression): LocalExport['members'] {
  const node = unwrap(expression);
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const members: { name: string; local: string }[] = [];
  for (const property of node.properties) {
    if (ts.isShorthandPropertyAssignment(property)) members.push({ name: property.name.text, local: property.name.text });
    else if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer)) {
      const name = staticName(property.name);
      if (name !== undefined) members.push({ name, local: property.initializer.text });
    }
  }
  return members.length > 0 ? members : undefined;
}

/** An export of `expression`: its local name when it is one, or the locals its object literal names. */
function exportOf(exported: string, expression: ts.Expression): LocalExport {
  if (ts.isIdentifier(expression)) return { exported, local: expression.text };
  const members = objectMembers(expression);
  return members ? { exported, members } : { exported };
}

/** `export * from`, `export * as ns from`, `export { a as b } from`, and their CommonJS emits. */
export interface ReExportFact {
  readonly specifier: string;
  /** undefined: every name (`export *`); else the names passed through. */
  readonly names?: readonly { readonly imported: string; readonly exported: string }[];
}

const { SyntaxKind } = ts;

function literalText(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** The specifier of `require('x')`, seen through the interop helpers compilers wrap it in (`__toESM`, `__importDefault`, `__importStar`, `_interopRequireDefault`). */
export function requiredSpecifier(expression: ts.Expression): string | undefined {
  let expr = expression;
  while (ts.isParenthesizedExpression(expr) || ts.isAwaitExpression(expr)) expr = expr.expression;
  if (!ts.isCallExpression(expr)) return undefined;
  const callee = expr.expression;
  if (ts.isIdentifier(callee) && callee.text === 'require' && expr.arguments.length === 1) return literalText(expr.arguments[0]);
  if (ts.isIdentifier(callee) && /^(__toESM|__importDefault|__importStar|_interopRequireDefault|_interopRequireWildcard|__toCommonJS)$/.test(callee.text) && expr.arguments[0]) {
    return requiredSpecifier(expr.arguments[0]);
  }
  return undefined;
}

function declaredNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  }
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) return [statement.name.text];
  return [];
}

function importDeclaration(statement: ts.ImportDeclaration): ImportFact | undefined {
  const specifier = literalText(statement.moduleSpecifier);
  if (specifier === undefined) return undefined;
  const clause = statement.importClause;
  const bindings: ImportBinding[] = [];
  if (clause?.name) bindings.push({ local: clause.name.text, imported: 'default' });
  const named = clause?.namedBindings;
  if (named && ts.isNamespaceImport(named)) bindings.push({ local: named.name.text, imported: '*' });
  if (named && ts.isNamedImports(named)) {
    for (const element of named.elements) bindings.push({ local: element.name.text, imported: (element.propertyName ?? element.name).text, ...(element.isTypeOnly ? { typeOnly: true as const } : {}) });
  }
  return { specifier, kind: 'import', typeOnly: clause?.isTypeOnly ?? false, bindings };
}

/** `const x = require(m)`, `const { a, b: c } = require(m)`, `var import_m = __toESM(require(m))`. */
function requireBindings(declaration: ts.VariableDeclaration): ImportBinding[] {
  if (ts.isIdentifier(declaration.name)) return [{ local: declaration.name.text, imported: '*' }];
  if (!ts.isObjectBindingPattern(declaration.name)) return [];
  return declaration.name.elements.flatMap((element) => {
    if (!ts.isIdentifier(element.name)) return [];
    const property = element.propertyName ? literalText(element.propertyName) ?? (ts.isIdentifier(element.propertyName) ? element.propertyName.text : undefined) : element.name.text;
    return property ? [{ local: element.name.text, imported: property }] : [];
  });
}

/** esbuild's `__export(target, { name: () => local })`: the module's named exports. */
function esbuildExports(call: ts.CallExpression): LocalExport[] {
  const map = call.arguments[1];
  if (!map || !ts.isObjectLiteralExpression(map)) return [];
  return map.properties.flatMap((property) => {
    if (!ts.isPropertyAssignment(property)) return [];
    const exported = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
    const body = ts.isArrowFunction(property.initializer) ? property.initializer.body : undefined;
    const local = body && ts.isIdentifier(body) ? body.text : undefined;
    return exported ? [{ exported, ...(local ? { local } : {}) }] : [];
  });
}

class ModuleFactsCollector {
  readonly imports: ImportFact[] = [];
  readonly exports: LocalExport[] = [];
  readonly reExports: ReExportFact[] = [];
  private readonly requireDeclarations = new Set<ts.CallExpression>();
  /** Top-level `const x = { … }` whose properties name locals: an export of `x` reaches them. */
  private readonly objectConsts = new Map<string, NonNullable<LocalExport['members']>>();

  statement(statement: ts.Statement): void {
    if (ts.isImportDeclaration(statement)) {
      const fact = importDeclaration(statement);
      if (fact) this.imports.push(fact);
    } else if (ts.isExportDeclaration(statement)) {
      this.exportDeclaration(statement);
    } else if (ts.isExportAssignment(statement)) {
      this.exports.push(exportOf('default', statement.expression));
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const specifier = literalText(statement.moduleReference.expression);
      if (specifier !== undefined) this.imports.push({ specifier, kind: 'import-equals', typeOnly: statement.isTypeOnly, bindings: [{ local: statement.name.text, imported: '*' }] });
    } else if (ts.isVariableStatement(statement)) {
      const constant = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const declaration of statement.declarationList.declarations) {
        this.variable(declaration);
        const members = constant && ts.isIdentifier(declaration.name) && declaration.initializer ? objectMembers(declaration.initializer) : undefined;
        if (members) this.objectConsts.set((declaration.name as ts.Identifier).text, members);
      }
    }
    if (hasModifier(statement, SyntaxKind.ExportKeyword)) {
      const isDefault = hasModifier(statement, SyntaxKind.DefaultKeyword);
      const names = declaredNames(statement);
      if (isDefault) this.exports.push({ exported: 'default', ...(names[0] ? { local: names[0] } : {}) });
      else for (const name of names) this.exports.push({ exported: name, local: name });
    }
  }

  private exportDeclaration(statement: ts.ExportDeclaration): void {
    const specifier = literalText(statement.moduleSpecifier);
    const clause = statement.exportClause;
    if (specifier === undefined) {
      if (clause && ts.isNamedExports(clause) && !statement.isTypeOnly) {
        for (const element of clause.elements) this.exports.push({ exported: element.name.text, local: (element.propertyName ?? element.name).text });
      }
      return;
    }
    if (statement.isTypeOnly) return;
    if (!clause) this.reExports.push({ specifier });
    else if (ts.isNamespaceExport(clause)) this.reExports.push({ specifier, names: [{ imported: '*', exported: clause.name.text }] });
    else this.reExports.push({ specifier, names: clause.elements.filter((e) => !e.isTypeOnly).map((e) => ({ imported: (e.propertyName ?? e.name).text, exported: e.name.text })) });
  }

  private variable(declaration: ts.VariableDeclaration): void {
    const init = declaration.initializer;
    if (!init) return;
    const specifier = requiredSpecifier(init);
    if (specifier === undefined) return;
    let call = init;
    while (ts.isParenthesizedExpression(call) || ts.isAwaitExpression(call)) call = call.expression;
    this.requireDeclarations.add(call as ts.CallExpression);
    this.imports.push({ specifier, kind: 'require', typeOnly: false, bindings: requireBindings(declaration) });
  }

  /** Calls anywhere in the file: bare requires, dynamic imports of literals, CommonJS export forms. */
  call(call: ts.CallExpression): void {
    const callee = call.expression;
    if (callee.kind === SyntaxKind.ImportKeyword) {
      const specifier = literalText(call.arguments[0]);
      if (specifier !== undefined) this.imports.push({ specifier, kind: 'dynamic', typeOnly: false, bindings: [] });
      return;
    }
    if (!ts.isIdentifier(callee)) return;
    if (callee.text === 'require' && !this.requireDeclarations.has(call) && !this.isWrappedRequire(call)) {
      const specifier = literalText(call.arguments[0]);
      if (specifier !== undefined && call.arguments.length === 1) this.imports.push({ specifier, kind: 'require', typeOnly: false, bindings: [] });
    } else if ((callee.text === '__exportStar' || callee.text === '__reExport') && call.arguments.length >= 1) {
      // TypeScript: __exportStar(require("./x"), exports); esbuild: __reExport(target, require("./x"), module.exports).
      const source = callee.text === '__exportStar' ? call.arguments[0] : call.arguments[1];
      const specifier = source ? requiredSpecifier(source) : undefined;
      if (specifier !== undefined) this.reExports.push({ specifier });
    } else if (callee.text === '__export') {
      this.exports.push(...esbuildExports(call));
    }
  }

  /** A require inside an interop helper that a declaration already recorded. */
  private isWrappedRequire(call: ts.CallExpression): boolean {
    for (let parent = call.parent; parent && (ts.isCallExpression(parent) || ts.isParenthesizedExpression(parent)); parent = parent.parent) {
      if (this.requireDeclarations.has(parent as ts.CallExpression)) return true;
    }
    return false;
  }

  /** The exports, each export of an object-literal const with the locals its properties name. */
  exportsWithMembers(): LocalExport[] {
    if (this.objectConsts.size === 0) return this.exports;
    return this.exports.map((e) => {
      const members = e.local !== undefined && !e.members ? this.objectConsts.get(e.local) : undefined;
      return members ? { ...e, members } : e;
    });
  }

  assignment(expression: ts.BinaryExpression): void {
    if (expression.operatorToken.kind !== SyntaxKind.EqualsToken) return;
    const exported = commonJsExport(expression.left);
    if (exported === undefined) return;
    const right = expression.right;
    const specifier = requiredSpecifier(right);
    if (exported === 'default' && specifier !== undefined) this.reExports.push({ specifier });
    else this.exports.push(exportOf(exported, right));
  }
}

/** The calls, `=` assignments and identifier reads of a file, as the rule facts' one traversal already collected them. */
export interface IndexedNodes {
  readonly calls: readonly ts.CallExpression[];
  readonly assignments: readonly ts.BinaryExpression[];
  readonly reads: ReadonlyMap<string, readonly ts.Identifier[]>;
}

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;

/** An identifier written where only a type can stand (annotations, `implements`, `typeof` in a type): the compiler erases it. */
function inTypePosition(id: ts.Identifier): boolean {
  for (let node: ts.Node = id.parent; !ts.isSourceFile(node); node = node.parent) {
    if (ts.isExpressionWithTypeArguments(node)) {
      // `class A extends B` loads B; `implements I` and `interface X extends Y` are types.
      const heritage = node.parent;
      return ts.isHeritageClause(heritage) && (heritage.token === SyntaxKind.ImplementsKeyword || ts.isInterfaceDeclaration(heritage.parent));
    }
    if (ts.isTypeNode(node)) return true;
  }
  return false;
}

/**
 * Marks the TypeScript imports that no value uses as type-only: their bindings appear only in types
 * (or are `type` elements). A re-exported binding (`export { X }`) counts as used: whether X is a
 * value cannot be told from this file. Side-effect imports (`import './setup'`) keep their edge.
 */
function eraseTypeOnlyImports(sourceFile: ts.SourceFile, imports: readonly ImportFact[], exports: readonly LocalExport[], reads: ReadonlyMap<string, readonly ts.Identifier[]>): ImportFact[] {
  if (!TYPESCRIPT_FILE.test(sourceFile.fileName)) return [...imports];
  const exported = new Set(exports.flatMap((e) => (e.local ? [e.local] : [])));
  const usedAsValue = (binding: ImportBinding): boolean => !binding.typeOnly && (exported.has(binding.local) || (reads.get(binding.local) ?? []).some((id) => !inTypePosition(id)));
  return imports.map((fact) => (fact.kind === 'import' && !fact.typeOnly && fact.bindings.length > 0 && !fact.bindings.some(usedAsValue) ? { ...fact, typeOnly: true } : fact));
}

/**
 * `indexed`: reuse the calls and assignments the file index collected (no second walk); else walk the
 * file, and `alsoVisit` sees every node of that walk.
 */
export function extractModuleFacts(sourceFile: ts.SourceFile, alsoVisit?: (node: ts.Node) => void, indexed?: IndexedNodes): ModuleFacts {
  const collector = new ModuleFactsCollector();
  for (const statement of sourceFile.statements) collector.statement(statement);
  if (indexed) {
    for (const call of indexed.calls) collector.call(call);
    for (const assignment of indexed.assignments) collector.assignment(assignment);
    return { imports: eraseTypeOnlyImports(sourceFile, collector.imports, collector.exports, indexed.reads), exports: collector.exportsWithMembers(), reExports: collector.reExports };
  }
  const imported = new Set(collector.imports.flatMap((i) => i.bindings.map((b) => b.local)));
  const reads = new Map<string, ts.Identifier[]>();
  const visit = (node: ts.Node): void => {
    alsoVisit?.(node);
    if (node.kind === SyntaxKind.CallExpression) collector.call(node as ts.CallExpression);
    else if (node.kind === SyntaxKind.BinaryExpression) collector.assignment(node as ts.BinaryExpression);
    else if (node.kind === SyntaxKind.Identifier && imported.has((node as ts.Identifier).text) && isReference(node as ts.Identifier)) {
      const id = node as ts.Identifier;
      reads.set(id.text, [...(reads.get(id.text) ?? []), id]);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return { imports: eraseTypeOnlyImports(sourceFile, collector.imports, collector.exports, reads), exports: collector.exportsWithMembers(), reExports: collector.reExports };
}
