// Which package export an expression names: `Client` from `import { Client } from 'azure-iot-device'`,
// `iot.Client` from `import * as iot`, `require('azure-iot-device').Client`, destructured requires, and
// the same through local files that re-export them. Followed by symbols, not by matching text.
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';

export interface ImportedName {
  module: string;
  /** The exported name; 'default' or '*' for default and namespace imports. */
  name: string;
  /** For a namespace import of a local module: that module, whose exports `ns.Name` is followed into. */
  file?: SourceFile;
}

const MAX_DEPTH = 10;

export function importedFrom(node: Node, depth = 0): ImportedName | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (Node.isParenthesizedExpression(node)) return importedFrom(node.getExpression(), depth + 1);
  if (Node.isPropertyAccessExpression(node)) {
    const inner = importedFrom(node.getExpression(), depth + 1);
    if (inner && inner.name === '*' && inner.file !== undefined) return follow(inner.module, inner.file, node.getName(), depth + 1);
    if (inner && (inner.name === '*' || inner.name === 'default') && !inner.module.startsWith('.')) return { module: inner.module, name: node.getName() };
    return undefined;
  }
  if (Node.isCallExpression(node)) {
    const m = requiredModule(node);
    return m !== undefined ? { module: m, name: '*' } : undefined;
  }
  if (!Node.isIdentifier(node)) return undefined;
  const symbol = node.getSymbol();
  for (const d of symbol?.getDeclarations() ?? []) {
    const found = fromDeclaration(d, depth);
    if (found) return found;
  }
  return undefined;
}

function fromDeclaration(d: Node, depth: number): ImportedName | undefined {
  if (Node.isImportSpecifier(d)) {
    const decl = d.getImportDeclaration();
    return follow(decl.getModuleSpecifierValue(), decl.getModuleSpecifierSourceFile(), d.getName(), depth);
  }
  if (Node.isNamespaceImport(d)) {
    const decl = d.getParentOrThrow().getParentOrThrow().asKindOrThrow(SyntaxKind.ImportDeclaration);
    const module = decl.getModuleSpecifierValue();
    const file = module.startsWith('.') ? decl.getModuleSpecifierSourceFile() : undefined;
    return { module, name: '*', ...(file ? { file } : {}) };
  }
  if (Node.isImportClause(d)) {
    const decl = d.getParentOrThrow().asKindOrThrow(SyntaxKind.ImportDeclaration);
    return { module: decl.getModuleSpecifierValue(), name: 'default' };
  }
  if (Node.isExportSpecifier(d)) {
    const decl = d.getExportDeclaration();
    const module = decl.getModuleSpecifierValue();
    const name = d.getNameNode().getText();
    if (module !== undefined) return follow(module, decl.getModuleSpecifierSourceFile(), name, depth);
    return importedFrom(d.getNameNode(), depth + 1);
  }
  if (Node.isBindingElement(d)) {
    // const { Client } = require('azure-iot-device') / const { Client: C } = iot
    const pattern = d.getParent();
    const decl = pattern.getParent();
    if (!Node.isVariableDeclaration(decl)) return undefined;
    const init = decl.getInitializer();
    const base = init ? importedFrom(init, depth + 1) : undefined;
    const name = d.getPropertyNameNode()?.getText() ?? d.getName();
    return base && (base.name === '*' || base.name === 'default') ? { module: base.module, name } : undefined;
  }
  if (Node.isVariableDeclaration(d)) {
    const init = d.getInitializer();
    if (init === undefined || d.getVariableStatement()?.getDeclarationKind() !== 'const') return undefined;
    return importedFrom(init, depth + 1);
  }
  return undefined;
}

/** A local module: follow its export of `name` (re-exports included); a package: that is where the name comes from. */
/** Per local module and exported name: what it stands for (a barrel re-exporting many modules is asked often). */
const followed = new WeakMap<SourceFile, Map<string, ImportedName | undefined>>();

function follow(module: string, file: SourceFile | undefined, name: string, depth: number): ImportedName | undefined {
  if (!module.startsWith('.')) return { module, name };
  if (file === undefined) return undefined;
  let byName = followed.get(file);
  if (!byName) followed.set(file, (byName = new Map()));
  if (byName.has(name)) return byName.get(name);
  const found = followLocal(file, name, depth);
  byName.set(name, found);
  return found;
}

function followLocal(file: SourceFile, name: string, depth: number): ImportedName | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const ed of file.getExportDeclarations()) {
    const from = ed.getModuleSpecifierValue();
    const named = ed.getNamedExports();
    if (named.length === 0 && from !== undefined) {
      // export * from './x' is followed; export * from a package cannot say which names it holds.
      if (from.startsWith('.')) {
        const r = follow(from, ed.getModuleSpecifierSourceFile(), name, depth + 1);
        if (r) return r;
      }
      continue;
    }
    for (const spec of named) {
      const exported = spec.getAliasNode()?.getText() ?? spec.getName();
      if (exported !== name) continue;
      if (from !== undefined) return follow(from, ed.getModuleSpecifierSourceFile(), spec.getName(), depth + 1);
      return importedFrom(spec.getNameNode(), depth + 1);
    }
  }
  // export const Client = require(…).Client; export { X } without from is handled above.
  const local = file.getVariableDeclaration(name);
  if (local && local.isExported()) {
    const init = local.getInitializer();
    return init ? importedFrom(init, depth + 1) : undefined;
  }
  return undefined;
}

/** 'm' of `require('m')`. */
export function requiredModule(call: Node): string | undefined {
  if (!Node.isCallExpression(call) || call.getExpression().getText() !== 'require') return undefined;
  const arg = call.getArguments()[0];
  return arg && (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg)) ? arg.getLiteralValue() : undefined;
}

/** True when `node` names `name` exported by one of `modules`. */
export function isImport(node: Node, modules: readonly string[], names: readonly string[]): ImportedName | undefined {
  const i = importedFrom(node);
  return i && modules.includes(i.module) && names.includes(i.name) ? i : undefined;
}
