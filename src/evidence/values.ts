// Constant values of expressions, followed through declarations and imports (symbols, never text search).
// Something that cannot be known from the code alone (process.env, a parameter, a call) says why.
import { Node, SyntaxKind, type Expression } from 'ts-morph';

export type Resolved =
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; value: number }
  /** process.env.NAME: set where the program runs, not in code (which is fine for a secret). */
  | { kind: 'env'; name: string }
  | { kind: 'unknown'; reason: string };

const MAX_DEPTH = 20;

export function resolveValue(node: Node | undefined, depth = 0): Resolved {
  if (node === undefined) return { kind: 'unknown', reason: 'no value' };
  if (depth > MAX_DEPTH) return { kind: 'unknown', reason: 'too many indirections' };
  const next = (n: Node | undefined) => resolveValue(n, depth + 1);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return { kind: 'string', value: node.getLiteralValue() };
  if (Node.isNumericLiteral(node)) return { kind: 'number', value: node.getLiteralValue() };
  if (node.getKind() === SyntaxKind.TrueKeyword) return { kind: 'boolean', value: true };
  if (node.getKind() === SyntaxKind.FalseKeyword) return { kind: 'boolean', value: false };
  if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isNonNullExpression(node) || Node.isSatisfiesExpression(node)) return next(node.getExpression());
  if (Node.isTemplateExpression(node)) {
    let text = node.getHead().getLiteralText();
    for (const span of node.getTemplateSpans()) {
      const v = next(span.getExpression());
      if (v.kind === 'env') return { kind: 'unknown', reason: `built from process.env.${v.name}` };
      if (v.kind === 'unknown') return { kind: 'unknown', reason: `template literal: ${v.reason}` };
      text += String(v.value) + span.getLiteral().getLiteralText();
    }
    return { kind: 'string', value: text };
  }
  if (Node.isBinaryExpression(node)) {
    const op = node.getOperatorToken().getKind();
    if (op === SyntaxKind.PlusToken) {
      const l = next(node.getLeft());
      const r = next(node.getRight());
      if (l.kind === 'unknown' || l.kind === 'env') return l.kind === 'env' ? { kind: 'unknown', reason: `built from process.env.${l.name}` } : l;
      if (r.kind === 'unknown' || r.kind === 'env') return r.kind === 'env' ? { kind: 'unknown', reason: `built from process.env.${r.name}` } : r;
      return l.kind === 'string' || r.kind === 'string' ? { kind: 'string', value: String(l.value) + String(r.value) } : { kind: 'number', value: Number(l.value) + Number(r.value) };
    }
    // `process.env.X ?? 'fallback'` / `||`: the environment decides.
    if (op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken) {
      const l = next(node.getLeft());
      return l.kind === 'env' ? l : { kind: 'unknown', reason: 'chosen at run time' };
    }
    return { kind: 'unknown', reason: 'computed at run time' };
  }
  if (Node.isPropertyAccessExpression(node)) {
    const env = envName(node);
    if (env !== undefined) return { kind: 'env', name: env };
    // An export reached through `import * as config`, or a property of a constant object literal.
    const named = constantDeclaration(node.getNameNode());
    if (named !== undefined) return next(named);
    const obj = objectLiteralOf(node.getExpression(), depth + 1);
    if (obj !== undefined) {
      const prop = obj.getProperty(node.getName());
      if (prop !== undefined && Node.isPropertyAssignment(prop)) return next(prop.getInitializer());
      if (prop !== undefined && Node.isShorthandPropertyAssignment(prop)) return next(prop.getNameNode());
    }
    return { kind: 'unknown', reason: `${node.getText().slice(0, 60)} is not a constant` };
  }
  if (Node.isElementAccessExpression(node)) {
    const env = envName(node);
    if (env !== undefined) return { kind: 'env', name: env };
    return { kind: 'unknown', reason: 'computed property' };
  }
  if (Node.isIdentifier(node)) {
    const decl = constantDeclaration(node);
    if (decl === undefined) return { kind: 'unknown', reason: `${node.getText()} is not a constant declared in the scanned code` };
    return next(decl);
  }
  return { kind: 'unknown', reason: `${node.getKindName()} is not a constant` };
}

/** NAME of `process.env.NAME` or `process.env['NAME']`. */
export function envName(node: Node): string | undefined {
  if (Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) {
    const obj = node.getExpression();
    if (!(Node.isPropertyAccessExpression(obj) && obj.getName() === 'env' && obj.getExpression().getText() === 'process')) return undefined;
    if (Node.isPropertyAccessExpression(node)) return node.getName();
    const arg = node.getArgumentExpression();
    return arg && (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg)) ? arg.getLiteralValue() : undefined;
  }
  return undefined;
}

/** The initializer an identifier stands for: a `const` (or never reassigned `let`) declaration, through imports and re-exports. */
export function constantDeclaration(id: Node): Expression | undefined {
  let symbol = id.getSymbol();
  if (symbol === undefined) return undefined;
  if (symbol.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
  // A shorthand property `{ key }` names the variable `key`.
  for (const d of symbol.getDeclarations()) {
    if (Node.isShorthandPropertyAssignment(d)) {
      const value = d.getNameNode().getSymbol()?.getValueDeclaration();
      if (value && Node.isVariableDeclaration(value)) return value.getInitializer();
    }
    if (Node.isVariableDeclaration(d)) {
      const list = d.getVariableStatement()?.getDeclarationKind();
      if (list !== undefined && list !== 'const') return undefined;
      if (!Node.isIdentifier(d.getNameNode())) return undefined;
      return d.getInitializer();
    }
    if (Node.isExportAssignment(d)) return d.getExpression();
    if (Node.isPropertyAssignment(d) && Node.isObjectLiteralExpression(d.getParent()) && objectIsConstant(d.getParent())) return d.getInitializer();
  }
  return undefined;
}

/** The object literal an expression stands for, through constants and imports. */
export function objectLiteralOf(node: Node, depth = 0): import('ts-morph').ObjectLiteralExpression | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (Node.isObjectLiteralExpression(node)) return node;
  if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isSatisfiesExpression(node)) return objectLiteralOf(node.getExpression(), depth + 1);
  if (Node.isIdentifier(node)) {
    const init = constantDeclaration(node);
    return init ? objectLiteralOf(init, depth + 1) : undefined;
  }
  if (Node.isPropertyAccessExpression(node)) {
    const outer = objectLiteralOf(node.getExpression(), depth + 1);
    const prop = outer?.getProperty(node.getName());
    return prop && Node.isPropertyAssignment(prop) ? objectLiteralOf(prop.getInitializerOrThrow(), depth + 1) : undefined;
  }
  return undefined;
}

/** An object literal that is the initializer of a `const` (its properties may still change, which code rarely does with configuration). */
function objectIsConstant(obj: Node): boolean {
  let p = obj.getParent();
  while (p && (Node.isAsExpression(p) || Node.isSatisfiesExpression(p) || Node.isParenthesizedExpression(p))) p = p.getParent();
  if (p && Node.isPropertyAssignment(p)) return objectIsConstant(p.getParent());
  return p !== undefined && Node.isVariableDeclaration(p) && p.getVariableStatement()?.getDeclarationKind() === 'const';
}
