// How a device authenticates to IoT Hub or DPS: the connection string it passes to Client.fromConnectionString
// (SharedAccessKey, x509=true, SharedAccessSignature), setOptions({ cert, key }), and DPS security clients.
import { Node, SyntaxKind } from 'ts-morph';
import type { CollectorContext } from '../collector.js';
import type { Collector } from '../collector.js';
import { isImport } from '../imports.js';
import { constantDeclaration, envName, objectLiteralOf, resolveValue } from '../values.js';

const DEVICE = ['azure-iot-device'];
const SECURITY: Record<string, { module: string; value: string }> = {
  SymmetricKeySecurityClient: { module: 'azure-iot-security-symmetric-key', value: 'symmetric-key' },
  X509Security: { module: 'azure-iot-security-x509', value: 'x509' },
  X509SecurityClient: { module: 'azure-iot-security-x509', value: 'x509' },
  TpmSecurityClient: { module: 'azure-iot-security-tpm', value: 'tpm' },
};
const PROVISIONING = ['azure-iot-provisioning-device'];
const DEVICE_METHODS = new Set(['create', 'setOptions', 'fromSharedAccessSignature', 'fromConnectionString']);

export const deviceAuth: Collector = {
  meta: {
    id: 'device-auth',
    description: 'Device authentication: connection strings with SharedAccessKey or x509=true, setOptions with a certificate, DPS attestation (symmetric key, X.509, TPM)',
    facts: ['device-auth', 'provisioning', 'key-derivation'],
  },
  kinds: [SyntaxKind.NewExpression, SyntaxKind.CallExpression],
  visit(node, ctx) {
    if (Node.isNewExpression(node)) {
      const callee = node.getExpression();
      for (const [name, s] of Object.entries(SECURITY)) {
        if (!isImport(callee, [s.module], [name])) continue;
        ctx.report(node, 'device-auth', s.value, `attests with ${name} (${s.module})`);
        if (name === 'SymmetricKeySecurityClient') reportKeyDerivation(node.getArguments()[1], ctx);
      }
      return;
    }
    if (!Node.isCallExpression(node)) return;
    const callee = node.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return;
    const method = callee.getName();
    // Names first: resolving symbols is what a scan spends its time on.
    if (!DEVICE_METHODS.has(method)) return;
    if (method === 'create' && isImport(callee.getExpression(), PROVISIONING, ['ProvisioningDeviceClient'])) {
      ctx.report(node, 'provisioning', 'dps', 'registers through the Device Provisioning Service (ProvisioningDeviceClient.create)');
      return;
    }
    if (method === 'setOptions') {
      const obj = objectLiteralOf(node.getArguments()[0] ?? node);
      if (obj && obj.getProperty('cert') && obj.getProperty('key') && node.getSourceFile().getImportDeclarations().some((d) => DEVICE.includes(d.getModuleSpecifierValue())) ) {
        ctx.report(node, 'device-auth', 'x509', 'sets an X.509 certificate and key (setOptions({ cert, key }))');
      }
      return;
    }
    if (!isImport(callee.getExpression(), DEVICE, ['Client', 'ModuleClient'])) return;
    if (method === 'fromSharedAccessSignature') {
      ctx.report(node, 'device-auth', 'symmetric-key', 'connects with a shared access signature (fromSharedAccessSignature)');
      return;
    }
    if (method !== 'fromConnectionString') return;
    const v = resolveValue(node.getArguments()[0]);
    if (v.kind === 'string') {
      if (/(^|;)\s*SharedAccessKey=/i.test(v.value)) ctx.report(node, 'device-auth', 'symmetric-key', 'connects with a SharedAccessKey connection string');
      else if (/(^|;)\s*x509=true/i.test(v.value)) ctx.report(node, 'device-auth', 'x509', 'connects with an x509=true connection string');
      else if (/(^|;)\s*SharedAccessSignature=/i.test(v.value)) ctx.report(node, 'device-auth', 'symmetric-key', 'connects with a SharedAccessSignature connection string');
      else ctx.report(node, 'device-auth', 'unknown', 'connects with a connection string that names neither SharedAccessKey nor x509');
    } else if (v.kind === 'env') {
      ctx.report(node, 'device-auth', 'unknown', `connects with a connection string from process.env.${v.name}, whose kind is not in the code`);
    } else {
      ctx.report(node, 'device-auth', 'unknown', `connects with a connection string that cannot be resolved: ${v.kind === 'unknown' ? v.reason : 'not a string'}`);
    }
  },
};

/**
 * The key a device gives SymmetricKeySecurityClient: derived from the group key with an HMAC (crypto.createHmac)
 * as DPS group enrollment expects, or — when its name says it is the enrollment group's key — the group key
 * itself, shared by every device of the group.
 */
function reportKeyDerivation(arg: Node | undefined, ctx: CollectorContext): void {
  if (arg === undefined) return;
  let expr: Node = arg;
  let name = Node.isIdentifier(arg) ? arg.getText() : '';
  for (let i = 0; i < 5 && Node.isIdentifier(expr); i++) {
    const init = constantDeclaration(expr);
    if (init === undefined) break;
    expr = init;
    if (Node.isIdentifier(expr)) name = expr.getText();
  }
  const hmac = [expr, ...expr.getDescendants()].some((n) => Node.isCallExpression(n) && isImport(n.getExpression(), ['crypto', 'node:crypto'], ['createHmac']) !== undefined)
    || [expr, ...expr.getDescendants()].some((n) => Node.isPropertyAccessExpression(n) && n.getName() === 'createHmac' && isImport(n.getExpression(), ['crypto', 'node:crypto'], ['*', 'default']) !== undefined);
  if (hmac) {
    ctx.report(arg, 'key-derivation', 'derived', 'derives the device key from the group key with an HMAC (crypto.createHmac)');
    return;
  }
  while (Node.isNonNullExpression(expr) || Node.isParenthesizedExpression(expr) || Node.isAsExpression(expr)) expr = expr.getExpression();
  const env = envName(expr);
  const label = [name, env !== undefined ? `process.env.${env}` : ''].filter((x) => /group/i.test(x)).join(' = ');
  if (label !== '') ctx.report(arg, 'key-derivation', 'group-key', `passes ${label}, by its name the enrollment group's key, straight to SymmetricKeySecurityClient instead of a key derived per device`);
}
