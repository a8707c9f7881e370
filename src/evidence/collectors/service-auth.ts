// How back-end code authenticates to Azure services: IoT Hub service clients (azure-iothub) from a connection
// string (and which shared access policy) or from a token credential; Event Hubs, Blob Storage and Service Bus
// clients from connection strings or keys versus Microsoft Entra credentials (@azure/identity).
import { Node, SyntaxKind, type Expression } from 'ts-morph';
import type { Collector, CollectorContext } from '../collector.js';
import { importedFrom } from '../imports.js';
import { constantDeclaration, resolveValue } from '../values.js';

/** Fact per target service: `iot-hub-auth`, `event-hubs-auth`, `storage-auth`, `service-bus-auth`. */
const TARGETS: Record<string, { fact: string; label: string; classes: readonly string[] }> = {
  'azure-iothub': { fact: 'iot-hub-auth', label: 'IoT Hub', classes: ['Registry', 'Client', 'JobClient', 'DigitalTwinClient'] },
  '@azure/event-hubs': { fact: 'event-hubs-auth', label: 'Event Hubs', classes: ['EventHubProducerClient', 'EventHubConsumerClient', 'EventHubBufferedProducerClient'] },
  '@azure/storage-blob': { fact: 'storage-auth', label: 'Blob Storage', classes: ['BlobServiceClient', 'ContainerClient', 'BlobClient', 'BlockBlobClient'] },
  '@azure/service-bus': { fact: 'service-bus-auth', label: 'Service Bus', classes: ['ServiceBusClient'] },
};

const METHODS = new Set(['fromConnectionString', 'fromTokenCredential', 'fromSharedAccessSignature']);

const IDENTITY: Record<string, string> = {
  DefaultAzureCredential: 'default-credential',
  ManagedIdentityCredential: 'managed-identity',
  WorkloadIdentityCredential: 'managed-identity',
  ClientSecretCredential: 'service-principal',
  ClientCertificateCredential: 'service-principal',
  AzureCliCredential: 'developer-credential',
  ChainedTokenCredential: 'credential',
};
const KEYS: Record<string, string> = { StorageSharedKeyCredential: 'account-key', AzureNamedKeyCredential: 'shared-key', AzureSasCredential: 'sas' };

/** The kind of credential an argument is (`new DefaultAzureCredential()`, through constants), if it is one. */
function credentialOf(arg: Node, depth = 0): { kind: string; name: string } | undefined {
  if (depth > 5) return undefined;
  if (Node.isIdentifier(arg)) {
    const init = constantDeclaration(arg);
    return init ? credentialOf(init, depth + 1) : undefined;
  }
  if (!Node.isNewExpression(arg)) return undefined;
  const i = importedFrom(arg.getExpression());
  if (!i) return undefined;
  if (i.module === '@azure/identity' && Object.hasOwn(IDENTITY, i.name)) return { kind: IDENTITY[i.name]!, name: i.name };
  if ((i.module === '@azure/storage-blob' || i.module === '@azure/core-auth') && Object.hasOwn(KEYS, i.name)) return { kind: KEYS[i.name]!, name: i.name };
  return undefined;
}

function reportConnectionString(node: Node, arg: Expression | undefined, target: { fact: string; label: string }, ctx: CollectorContext, how: string): void {
  const v = resolveValue(arg);
  const from = v.kind === 'env' ? ` from process.env.${v.name}` : v.kind === 'string' ? '' : ' (not resolved)';
  ctx.report(node, target.fact, 'connection-string', `${how} ${target.label} with a connection string${from}`);
  if (target.fact === 'iot-hub-auth' && v.kind === 'string') {
    const policy = /(?:^|;)\s*SharedAccessKeyName=([^;]+)/i.exec(v.value)?.[1];
    if (policy) ctx.report(node, 'iot-hub-policy', policy, `uses the shared access policy ${policy}${/owner|readwrite/i.test(policy) ? ', which grants more than a service needs' : ''}`);
    else ctx.report(node, 'iot-hub-policy', 'unknown', 'the connection string names no shared access policy');
  }
}

export const serviceAuth: Collector = {
  meta: {
    id: 'service-auth',
    description: 'Back-end authentication to IoT Hub, Event Hubs, Blob Storage and Service Bus: connection strings and keys versus Microsoft Entra credentials',
    facts: ['iot-hub-auth', 'iot-hub-policy', 'event-hubs-auth', 'storage-auth', 'service-bus-auth'],
  },
  kinds: [SyntaxKind.NewExpression, SyntaxKind.CallExpression],
  visit(node, ctx) {
    if (Node.isCallExpression(node)) {
      const callee = node.getExpression();
      if (!Node.isPropertyAccessExpression(callee) || !METHODS.has(callee.getName())) return;
      const cls = importedFrom(callee.getExpression());
      const target = cls ? TARGETS[cls.module] : undefined;
      if (!cls || !target || !target.classes.includes(cls.name)) return;
      const method = callee.getName();
      const args = node.getArguments();
      if (method === 'fromConnectionString') reportConnectionString(node, args[0] as Expression | undefined, target, ctx, `${cls.name}.fromConnectionString connects to`);
      else if (method === 'fromTokenCredential' || method === 'fromSharedAccessSignature') {
        const cred = args.map((a) => credentialOf(a)).find((c) => c !== undefined);
        if (method === 'fromSharedAccessSignature') ctx.report(node, target.fact, 'sas', `${cls.name}.fromSharedAccessSignature connects to ${target.label} with a SAS token`);
        else ctx.report(node, target.fact, cred?.kind ?? 'credential', `${cls.name}.fromTokenCredential connects to ${target.label} with ${cred ? cred.name : 'a token credential'}`);
      }
      return;
    }
    if (!Node.isNewExpression(node)) return;
    const cls = importedFrom(node.getExpression());
    const target = cls ? TARGETS[cls.module] : undefined;
    if (!cls || !target || !target.classes.includes(cls.name) || cls.module === 'azure-iothub') return;
    const args = node.getArguments();
    const cred = args.map((a) => credentialOf(a)).find((c) => c !== undefined);
    if (cred) ctx.report(node, target.fact, cred.kind, `new ${cls.name} connects to ${target.label} with ${cred.name}`);
    // EventHubConsumerClient takes the consumer group first, then the connection string.
    else if (args.length > 0) reportConnectionString(node, (cls.name === 'EventHubConsumerClient' ? args[1] : args[0]) as Expression | undefined, target, ctx, `new ${cls.name} connects to`);
  },
};
