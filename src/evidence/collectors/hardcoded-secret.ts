// Secrets written into source: connection strings with a SharedAccessKey or AccountKey, SAS tokens, PEM private
// keys, in string and template literals. Only a masked prefix is ever reported. Secrets read from process.env
// or from Key Vault (SecretClient.getSecret) are reported as their source, which is fine.
import { Node, SyntaxKind } from 'ts-morph';
import type { Collector, CollectorContext } from '../collector.js';
import { maskSecret } from '../fact.js';
import { importedFrom } from '../imports.js';
import { constantDeclaration, envName } from '../values.js';

const PATTERNS: ReadonlyArray<{ kind: string; words: string; re: RegExp }> = [
  { kind: 'private-key', words: 'a PEM private key', re: /-----BEGIN (?:RSA |EC |ENCRYPTED |OPENSSH )?PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]{8,})/ },
  { kind: 'sas-token', words: 'a SAS token', re: /SharedAccessSignature sr=[^&\s]*&sig=([^&\s'"`]+)/ },
  { kind: 'shared-access-key', words: 'a SharedAccessKey', re: /SharedAccessKey=([^;'"`\s]{8,})/ },
  { kind: 'account-key', words: 'a storage AccountKey', re: /AccountKey=([^;'"`\s]{8,})/ },
];

/** The constant text of a literal, or of a template literal's fixed parts joined by a marker where values go. */
function literalText(node: Node): string | undefined {
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isTemplateExpression(node)) return [node.getHead().getLiteralText(), ...node.getTemplateSpans().map((s) => s.getLiteral().getLiteralText())].join('\u0000');
  return undefined;
}

/** A `${process.env.X}` right after `SharedAccessKey=` (or AccountKey=): the key is not in the code. */
function reportEnvKeys(node: Node, ctx: CollectorContext): void {
  if (!Node.isTemplateExpression(node)) return;
  let before = node.getHead().getLiteralText();
  for (const span of node.getTemplateSpans()) {
    const key = /(SharedAccessKey|AccountKey)=$/.exec(before)?.[1];
    const env = envName(span.getExpression());
    if (key && env) ctx.report(span, 'secret-source', 'process.env', `${key} comes from process.env.${env}`);
    before = span.getLiteral().getLiteralText();
  }
}

export const hardcodedSecret: Collector = {
  meta: {
    id: 'hardcoded-secret',
    description: 'Secrets in source code (SharedAccessKey, AccountKey, SAS tokens, PEM private keys), masked; secrets read from process.env or Key Vault',
    facts: ['hardcoded-secret', 'secret-source'],
  },
  kinds: [SyntaxKind.CallExpression, SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.TemplateExpression],
  visit(node, ctx) {
    if (Node.isCallExpression(node)) {
      const callee = node.getExpression();
      if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'getSecret') {
        const receiver = callee.getExpression();
        const made = Node.isIdentifier(receiver) ? constantDeclaration(receiver) : receiver;
        const cls = made && Node.isNewExpression(made) ? importedFrom(made.getExpression()) : undefined;
        if (cls && cls.module === '@azure/keyvault-secrets' && cls.name === 'SecretClient') ctx.report(node, 'secret-source', 'key-vault', 'reads a secret from Key Vault (SecretClient.getSecret)');
      }
      return;
    }
    const text = literalText(node);
    if (text === undefined) return;
    for (const p of PATTERNS) {
      const m = p.re.exec(text);
      if (m && !m[1]!.includes('\u0000')) {
        ctx.report(node, 'hardcoded-secret', p.kind, `${p.words} in a ${Node.isStringLiteral(node) ? 'string' : 'template'} literal: ${maskSecret(m[1]!.replace(/\s+/g, ''))}`);
        return;
      }
    }
    reportEnvKeys(node, ctx);
  },
};
