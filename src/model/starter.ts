// Starter models (iotsec init): a small solution of one shape (cloud, edge, IoT Central) that validates,
// with every optional property of each element written out as a comment with its meaning. The comments
// come from the model's JSON Schema and the property words, so a property added to the schema shows up
// here without editing this file. Pure.
import { stringify } from 'yaml';
import { z } from 'zod';
import type { ElementKind } from './elements.js';
import { propertyWords } from './property-words.js';
import { SolutionModel } from './schema.js';

export const STARTER_TEMPLATES = ['cloud', 'edge', 'central'] as const;
export type StarterTemplate = (typeof STARTER_TEMPLATES)[number];

type Json = Record<string, unknown>;
type Section = 'boundaries' | 'devices' | 'edges' | 'services' | 'principals' | 'flows';

const SECTION_KIND: Record<Section, ElementKind> = { boundaries: 'boundary', devices: 'device', edges: 'edge', services: 'service', principals: 'principal', flows: 'flow' };

interface Starter {
  summary: string;
  solution: Json;
  elements: Partial<Record<Section, Json[]>>;
}

const STARTERS: Record<StarterTemplate, Starter> = {
  cloud: {
    summary: 'Devices connect straight to IoT Hub, provisioned by the Device Provisioning Service.',
    solution: { architecture: 'cloud', environment: 'production' },
    elements: {
      boundaries: [
        { id: 'field', kind: 'site', name: 'Devices in the field' },
        { id: 'azure', kind: 'cloud', name: 'Azure subscription' },
      ],
      devices: [{ id: 'sensors', name: 'Field sensors', boundary: 'field', kind: 'sensor', count: 100, identity: { method: 'x509-ca' } }],
      services: [
        { id: 'hub', type: 'iot-hub', name: 'IoT Hub', boundary: 'azure' },
        { id: 'dps', type: 'dps', name: 'Device Provisioning Service', boundary: 'azure', linkedHubs: ['hub'] },
      ],
      flows: [{ id: 'telemetry', from: 'sensors', to: 'hub', protocol: 'mqtt', tls: '1.2', auth: 'x509', data: ['telemetry'] }],
    },
  },
  edge: {
    summary: 'Devices on a site reach the cloud through an IoT Edge gateway.',
    solution: { architecture: 'edge', environment: 'production' },
    elements: {
      boundaries: [
        { id: 'plant', kind: 'site', name: 'Plant network' },
        { id: 'azure', kind: 'cloud', name: 'Azure subscription' },
      ],
      devices: [{ id: 'machines', name: 'Machine controllers', boundary: 'plant', kind: 'legacy', count: 20 }],
      edges: [{ id: 'gateway', name: 'Edge gateway', boundary: 'plant', runtime: 'iot-edge', gatewayFor: ['machines'] }],
      services: [{ id: 'hub', type: 'iot-hub', name: 'IoT Hub', boundary: 'azure' }],
      flows: [
        { id: 'machine-data', from: 'machines', to: 'gateway', protocol: 'opc-ua', data: ['telemetry'] },
        { id: 'upstream', from: 'gateway', to: 'hub', protocol: 'amqp', tls: '1.2', auth: 'x509', data: ['telemetry'] },
      ],
    },
  },
  central: {
    summary: 'Devices connect to an IoT Central application.',
    solution: { architecture: 'cloud', environment: 'production' },
    elements: {
      boundaries: [
        { id: 'buildings', kind: 'site', name: 'Buildings' },
        { id: 'azure', kind: 'cloud', name: 'Azure subscription' },
      ],
      devices: [{ id: 'thermostats', name: 'Thermostats', boundary: 'buildings', kind: 'sensor', count: 500, identity: { method: 'x509-ca', enrollmentGroup: 'eg-thermostats' } }],
      services: [
        { id: 'central', type: 'iot-central', name: 'IoT Central application', boundary: 'azure', enrollmentGroups: [{ id: 'eg-thermostats', attestation: 'x509' }] },
      ],
      principals: [{ id: 'operators', kind: 'group', name: 'Building operators', assignments: [{ role: 'Operator', on: 'central' }] }],
      flows: [{ id: 'telemetry', from: 'thermostats', to: 'central', protocol: 'mqtt', tls: '1.2', auth: 'x509', data: ['telemetry'] }],
    },
  },
};

interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  description?: string;
  const?: unknown;
}

/** A value placeholder: the allowed values, or the kind of value. */
function hint(n: SchemaNode): string {
  if (n.enum) return n.enum.map((v) => String(v)).join(' | ');
  if (n.const !== undefined) return String(n.const);
  if (n.anyOf) return [...new Set(n.anyOf.map(hint))].join(' | ');
  const type = Array.isArray(n.type) ? n.type[0] : n.type;
  if (type === 'boolean') return 'true | false';
  if (type === 'integer' || type === 'number') return '<number>';
  if (type === 'array') return n.items?.enum ? `[${n.items.enum.join(', ')}]` : n.items?.type === 'object' ? '' : '[<id>, …]';
  if (type === 'object') return '';
  return /YYYY-MM-DD/.test(n.description ?? '') ? '<YYYY-MM-DD>' : '<text>';
}

/** What a property means: the question the report would ask about it, else the schema's description. */
function meaning(kind: ElementKind, path: string, n: SchemaNode): string {
  const words = propertyWords(kind, path);
  const text = words?.question ?? n.description ?? '';
  return text.replace(/\s+/g, ' ').trim();
}

const COMMENT_COLUMN = 44;

/** Commented-out lines for the properties of `node` that `stated` does not set, nested objects and lists included. */
function commentedProperties(kind: ElementKind, node: SchemaNode, stated: Json, indent: string, prefix = ''): string[] {
  const lines: string[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (Object.hasOwn(stated, key)) {
      const value = stated[key];
      // A stated object still lists what it leaves out.
      if (child.properties && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        lines.push(...commentedProperties(kind, child, value as Json, `${indent}  `, `${prefix}${key}.`).map((l) => l));
      }
      continue;
    }
    const path = `${prefix}${key}`;
    const head = `${indent}# ${key}:${hint(child) ? ` ${hint(child)}` : ''}`;
    const why = meaning(kind, path, child);
    lines.push(why ? `${head.padEnd(Math.max(COMMENT_COLUMN, head.length + 2))}# ${why}` : head);
    const nested = child.properties ? child : child.items?.properties ? child.items : undefined;
    if (nested) {
      const inner = child.items ? `${indent}#   - ` : `${indent}#   `;
      for (const l of commentedProperties(kind, nested, {}, '', `${path}.`)) lines.push(`${inner}${l.replace(/^# /, '')}`);
    }
  }
  return lines;
}

/** A YAML block for one stated object, its lines indented, the first prefixed by `first` (e.g. '  - '). */
function yamlBlock(value: Json, first: string, rest: string): string[] {
  const text = stringify(value, { lineWidth: 0 }).trimEnd().split('\n');
  return text.map((l, i) => (i === 0 ? first : rest) + l);
}

/** The statement that a stated object's nested comments need: they follow its own lines, so indentation matches. */
function elementLines(kind: ElementKind, node: SchemaNode, element: Json, first: string, rest: string): string[] {
  const lines = yamlBlock(element, first, rest);
  // Nested objects' comments go right after the object's block: simplest is after the whole element.
  return [...lines, ...commentedProperties(kind, node, element, rest)];
}

function schemaNodes(): { solution: SchemaNode; sections: Record<Section, SchemaNode> } {
  const root = z.toJSONSchema(SolutionModel, { io: 'input' }) as SchemaNode;
  const p = root.properties!;
  const items = (s: Section) => p[s]!.items!;
  return { solution: p.solution!, sections: { boundaries: items('boundaries'), devices: items('devices'), edges: items('edges'), services: items('services'), principals: items('principals'), flows: items('flows') } };
}

/** The starter model's YAML: a valid model named `name`, every unset property commented with its meaning. */
export function starterModel(template: StarterTemplate, name: string): string {
  const s = STARTERS[template];
  const nodes = schemaNodes();
  const out: string[] = [
    '# yaml-language-server: $schema=https://iotsec.dev/schema/iotsec-model.schema.json',
    '# (for completion in editors offline: `iotsec schema -o iotsec-model.schema.json`, then point $schema at that file)',
    `# A starter model (iotsec init --template ${template}): ${s.summary}`,
    '# Every property you do not state counts as unknown, never as secure: uncomment and fill in what you know.',
    '# Check it with `iotsec validate <file>`; assess it with `iotsec assess <file> --format html,pdf`.',
    '',
    'solution:',
  ];
  const solution = { name, ...s.solution };
  out.push(...yamlBlock(solution, '  ', '  '), ...commentedProperties('solution', nodes.solution, solution, '  '));
  for (const section of ['boundaries', 'devices', 'edges', 'services', 'principals', 'flows'] as const) {
    const list = s.elements[section] ?? [];
    out.push('');
    if (list.length === 0) {
      out.push(`# ${section}:`, ...commentedProperties(SECTION_KIND[section], nodes.sections[section], {}, '#   - ').map((l) => l.replace(/^#   - # /, '#   - ')));
      continue;
    }
    out.push(`${section}:`);
    list.forEach((element, i) => {
      if (i > 0) out.push('');
      out.push(...elementLines(SECTION_KIND[section], nodes.sections[section], element, '  - ', '    '));
    });
  }
  out.push(
    '',
    '# Risk decisions: accepted risks, mitigations the guidance does not describe, false positives.',
    '# risks:',
    '#   - control: HUB-001            # or threat: THR-…',
    '#     element: hub                # all elements when omitted',
    '#     status: accepted            # accepted | mitigated | false-positive',
    '#     justification: Why the risk is acceptable, and until when.',
    '#     owner: Head of IT',
    '#     approvedBy: CISO',
    '#     ticket: SEC-123             # a URL or an issue key',
    '#     reviewBy: 2027-01-31',
    '#     expires: 2027-06-30',
  );
  return out.join('\n') + '\n';
}
