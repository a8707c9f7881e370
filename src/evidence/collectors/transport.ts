// Which protocol a device or module speaks to IoT Hub or DPS: the transport class it passes (Mqtt, MqttWs,
// Amqp, AmqpWs, Http from the transport packages), and mqtt.connect URLs of the generic MQTT client.
import { Node, SyntaxKind } from 'ts-morph';
import type { Collector } from '../collector.js';
import { importedFrom } from '../imports.js';
import { resolveValue } from '../values.js';

const PROTOCOLS: Record<string, string> = { Mqtt: 'mqtt', MqttWs: 'mqtt-ws', Amqp: 'amqp', AmqpWs: 'amqp-ws', Http: 'https' };
const MODULES = new Set([
  'azure-iot-device-mqtt', 'azure-iot-device-amqp', 'azure-iot-device-http',
  'azure-iot-provisioning-device-mqtt', 'azure-iot-provisioning-device-amqp', 'azure-iot-provisioning-device-http',
]);

function transportOf(node: Node): { protocol: string; name: string; module: string } | undefined {
  if (!Node.isIdentifier(node) && !Node.isPropertyAccessExpression(node)) return undefined;
  // `ns.Mqtt` names the export itself; only a plain identifier may be an alias of another name.
  if (Node.isPropertyAccessExpression(node) && !Object.hasOwn(PROTOCOLS, node.getName())) return undefined;
  const i = importedFrom(node);
  if (!i || !MODULES.has(i.module) || !Object.hasOwn(PROTOCOLS, i.name)) return undefined;
  return { protocol: PROTOCOLS[i.name]!, name: i.name, module: i.module };
}

/** Transports of the provisioning packages carry the DPS registration, the others the IoT Hub connection. */
function factOf(module: string): string {
  return module.startsWith('azure-iot-provisioning-') ? 'provisioning-transport' : 'transport';
}

export const transport: Collector = {
  meta: {
    id: 'transport',
    description: 'Transport to IoT Hub and DPS: MQTT, MQTT over WebSockets, AMQP, AMQP over WebSockets, HTTPS',
    facts: ['transport', 'provisioning-transport'],
  },
  kinds: [SyntaxKind.NewExpression, SyntaxKind.CallExpression],
  visit(node, ctx) {
    if (Node.isNewExpression(node)) {
      const t = transportOf(node.getExpression());
      if (t) ctx.report(node, factOf(t.module), t.protocol, `uses ${t.name} from ${t.module}`);
      return;
    }
    if (!Node.isCallExpression(node)) return;
    for (const arg of node.getArguments()) {
      const t = transportOf(arg);
      if (t) ctx.report(arg, factOf(t.module), t.protocol, `passes ${t.name} from ${t.module}`);
    }
    const callee = node.getExpression();
    const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : Node.isIdentifier(callee) ? callee.getText() : '';
    if (name !== 'connect' && name !== 'connectAsync' && !Node.isIdentifier(callee)) return;
    const i = importedFrom(callee);
    if (i && i.module === 'mqtt' && (i.name === 'connect' || i.name === 'connectAsync')) {
      const url = resolveValue(node.getArguments()[0]);
      if (url.kind === 'string') {
        const scheme = /^([a-z]+):\/\//i.exec(url.value)?.[1]?.toLowerCase();
        const protocol = scheme === 'wss' || scheme === 'ws' ? 'mqtt-ws' : scheme === 'mqtt' || scheme === 'mqtts' ? 'mqtt' : 'unknown';
        ctx.report(node, 'transport', protocol, `connects with the mqtt package to a ${scheme ?? 'schemeless'}:// URL`);
      }
    }
  },
};
