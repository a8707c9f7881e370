// TLS settings that weaken a connection: rejectUnauthorized false, NODE_TLS_REJECT_UNAUTHORIZED=0, a
// checkServerIdentity that accepts anything, minVersion/maxVersion/secureProtocol below TLS 1.2. A minVersion
// of TLS 1.2 or 1.3 is reported too: it is evidence of the configured minimum either way.
import { Node, SyntaxKind } from 'ts-morph';
import type { Collector } from '../collector.js';
import { envName, resolveValue } from '../values.js';

const VERSIONS: Record<string, string> = { TLSv1: '1.0', 'TLSv1.1': '1.1', 'TLSv1.2': '1.2', 'TLSv1.3': '1.3' };
const PROTOCOL_METHODS: Record<string, string> = { SSLv3_method: 'ssl3', TLSv1_method: '1.0', TLSv1_1_method: '1.1', TLSv1_2_method: '1.2' };

/** A function that returns nothing (or undefined) on every path it has: accepts any server name. */
function acceptsAnything(fn: Node): boolean {
  if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) return false;
  const body = fn.getBody();
  if (!Node.isBlock(body)) return body.getKind() === SyntaxKind.UndefinedKeyword || body.getText() === 'undefined' || Node.isVoidExpression(body);
  return returnsNothing(body);
}

function returnsNothing(body: Node | undefined): boolean {
  if (body === undefined || !Node.isBlock(body)) return false;
  return body.getDescendantsOfKind(SyntaxKind.ReturnStatement).every((r) => {
    const e = r.getExpression();
    return e === undefined || e.getText() === 'undefined';
  }) && body.getDescendantsOfKind(SyntaxKind.ThrowStatement).length === 0;
}

export const tlsWeakened: Collector = {
  meta: {
    id: 'tls-weakened',
    description: 'TLS weakened: certificate checks off, server identity not checked, protocol versions below TLS 1.2; the configured minimum version',
    facts: ['tls-weakened', 'tls-min-version'],
  },
  kinds: [SyntaxKind.BinaryExpression, SyntaxKind.PropertyAssignment, SyntaxKind.MethodDeclaration],
  visit(node, ctx) {
    if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
      if (envName(node.getLeft()) === 'NODE_TLS_REJECT_UNAUTHORIZED') {
        const v = resolveValue(node.getRight());
        if ((v.kind === 'string' && v.value === '0') || (v.kind === 'number' && v.value === 0)) ctx.report(node, 'tls-weakened', 'reject-unauthorized-false', 'sets NODE_TLS_REJECT_UNAUTHORIZED=0: no TLS certificate is checked in the process');
      }
      return;
    }
    if (Node.isMethodDeclaration(node) && node.getName() === 'checkServerIdentity' && Node.isObjectLiteralExpression(node.getParent())) {
      if (returnsNothing(node.getBody())) ctx.report(node, 'tls-weakened', 'check-server-identity-noop', 'checkServerIdentity returns undefined: any server name is accepted');
      return;
    }
    if (!Node.isPropertyAssignment(node)) return;
    const name = node.getName().replace(/^['"]|['"]$/g, '');
    const init = node.getInitializer();
    if (init === undefined) return;
    if (name === 'rejectUnauthorized') {
      const v = resolveValue(init);
      if (v.kind === 'boolean' && !v.value) ctx.report(node, 'tls-weakened', 'reject-unauthorized-false', 'sets rejectUnauthorized: false: the server certificate is not checked');
      else if (v.kind === 'unknown' || v.kind === 'env') ctx.report(node, 'tls-weakened', 'unknown', `rejectUnauthorized is set at run time (${v.kind === 'env' ? `process.env.${v.name}` : v.reason})`);
    } else if (name === 'checkServerIdentity') {
      if (acceptsAnything(init)) ctx.report(node, 'tls-weakened', 'check-server-identity-noop', 'checkServerIdentity returns undefined: any server name is accepted');
    } else if (name === 'minVersion' || name === 'maxVersion') {
      const v = resolveValue(init);
      if (v.kind !== 'string') return;
      const version = VERSIONS[v.value];
      if (version === undefined) return;
      if (name === 'minVersion') ctx.report(node, 'tls-min-version', version, `sets minVersion: '${v.value}'`);
      if (version === '1.0' || version === '1.1') ctx.report(node, 'tls-weakened', `${name === 'minVersion' ? 'min' : 'max'}-version-${version}`, `sets ${name}: '${v.value}', below TLS 1.2`);
    } else if (name === 'secureProtocol') {
      const v = resolveValue(init);
      const version = v.kind === 'string' ? PROTOCOL_METHODS[v.value] : undefined;
      if (version !== undefined && version !== '1.2') ctx.report(node, 'tls-weakened', `protocol-${version}`, `sets secureProtocol: '${(v as { value: string }).value}', below TLS 1.2`);
    }
  },
};
