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

export interface Starter {
  summary: string;
  solution: Json;
  elements: Partial<Record<Section, Json[]>>;
  /** Comment lines above an element (by section, in list order): where it came from. */
  notes?: Partial<Record<Section, string[][]>>;
  /** Comment lines at the head of a section: what nobody could tell the tool (`TODO`s). */
  todo?: Partial<Record<Section, string[]>>;
}

export type { Section as StarterSection, Json as StarterJson };

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
      // IoT Central roles go to user accounts: it does not support Microsoft Entra groups.
      principals: [{ id: 'operator', kind: 'user', name: 'Building operator', assignments: [{ role: 'Operator', on: 'central' }] }],
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

/** Every value an enum (or a union of enums) allows, each once: 1.2 and "1.2" are one value. */
function enumValues(n: SchemaNode): unknown[] | undefined {
  if (n.enum) return n.enum;
  if (n.const !== undefined) return [n.const];
  if (!n.anyOf) return undefined;
  const parts = n.anyOf.map(enumValues);
  if (parts.some((p) => p === undefined)) return undefined;
  const seen = new Map<string, unknown>();
  for (const v of parts.flat()) if (!seen.has(String(v))) seen.set(String(v), v);
  return [...seen.values()];
}

/** A value placeholder: the allowed values, or the kind of value. */
function hint(n: SchemaNode): string {
  const values = enumValues(n);
  if (values) return values.map((v) => (typeof v === 'string' && /^\d/.test(v) ? `"${v}"` : String(v))).join(' | ');
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
  return (words?.question ?? n.description ?? '').replace(/\s+/g, ' ').trim();
}

const COMMENT_COLUMN = 44;

/** Lines of commented-out text as [text, meaning] pairs, before the comment marker and indentation. */
type Pair = [string, string];

/** A property written out (and, for an object or a list of objects, its own properties below it). */
function propertyPairs(kind: ElementKind, key: string, node: SchemaNode, path: string, pad: string, bullet: string): Pair[] {
  const h = hint(node);
  const pairs: Pair[] = [[`${pad}${bullet}${key}:${h ? ` ${h}` : ''}`, meaning(kind, path, node)]];
  const childPad = `${pad}${' '.repeat(bullet.length)}  `;
  if (node.properties) pairs.push(...Object.entries(node.properties).flatMap(([k, c]) => propertyPairs(kind, k, c, `${path}.${k}`, childPad, '')));
  else if (node.items?.properties) pairs.push(...listPairs(kind, node.items, childPad, `${path}.`));
  return pairs;
}

/** One list item of `items`' properties: the first carries the dash. */
function listPairs(kind: ElementKind, items: SchemaNode, pad: string, prefix: string): Pair[] {
  return Object.entries(items.properties ?? {}).flatMap(([k, c], i) => propertyPairs(kind, k, c, `${prefix}${k}`, pad, i === 0 ? '- ' : '  '));
}

/** Pairs as comment lines at `indent`, meanings aligned. */
function commentLines(pairs: readonly Pair[], indent: string): string[] {
  return pairs.map(([text, why]) => {
    const head = `${indent}# ${text}`;
    return why ? `${head.padEnd(Math.max(COMMENT_COLUMN, head.length + 2))}# ${why}` : head;
  });
}

function commented(kind: ElementKind, key: string, node: SchemaNode, path: string, indent: string): string[] {
  return commentLines(propertyPairs(kind, key, node, path, '', ''), indent);
}

/**
 * An object's lines at `indent`: each property in schema order, stated ones as YAML (a stated object with
 * its unset properties commented inside it), unset ones commented with their meaning.
 */
function objectLines(kind: ElementKind, node: SchemaNode, value: Json, indent: string, prefix = ''): string[] {
  const lines: string[] = [];
  const known = node.properties ?? {};
  for (const [key, child] of Object.entries(known)) {
    const path = `${prefix}${key}`;
    if (!Object.hasOwn(value, key)) {
      lines.push(...commented(kind, key, child, path, indent));
      continue;
    }
    const v = value[key];
    if (child.properties && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      lines.push(`${indent}${key}:`, ...objectLines(kind, child, v as Json, `${indent}  `, `${path}.`));
    } else if (child.items?.properties && Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object')) {
      lines.push(`${indent}${key}:`, ...v.flatMap((item) => itemLines(kind, child.items!, item as Json, `${indent}  `, `${path}.`)));
    } else {
      lines.push(...stringify({ [key]: v }, { lineWidth: 0 }).trimEnd().split('\n').map((l) => `${indent}${l}`));
    }
  }
  return lines;
}

/** A list item: its first line carries the dash. */
function itemLines(kind: ElementKind, node: SchemaNode, value: Json, indent: string, prefix = ''): string[] {
  const lines = objectLines(kind, node, value, `${indent}  `, prefix);
  const first = lines.findIndex((l) => !l.trimStart().startsWith('#'));
  lines[first] = `${indent}- ${lines[first]!.slice(indent.length + 2)}`;
  return lines;
}

function schemaNodes(): { solution: SchemaNode; sections: Record<Section, SchemaNode> } {
  const root = z.toJSONSchema(SolutionModel, { io: 'input' }) as SchemaNode;
  const p = root.properties!;
  const items = (s: Section) => p[s]!.items!;
  return { solution: p.solution!, sections: { boundaries: items('boundaries'), devices: items('devices'), edges: items('edges'), services: items('services'), principals: items('principals'), flows: items('flows') } };
}

/** The starter model's YAML: a valid model named `name`, every unset property commented with its meaning. */
export function starterModel(template: StarterTemplate, name: string): string {
  return modelText(STARTERS[template], `iotsec init --template ${template}`, name);
}

/** A model's YAML from a starter: stated values as YAML, every unset property commented with its meaning. */
export function modelText(s: Starter, madeBy: string, name: string): string {
  const nodes = schemaNodes();
  const out: string[] = [
    '# yaml-language-server: $schema=https://iotsec.dev/schema/iotsec-model.schema.json',
    '# (for completion in editors offline: `iotsec schema -o iotsec-model.schema.json`, then point $schema at that file)',
    `# A starter model (${madeBy}): ${s.summary}`,
    '# Every property you do not state counts as unknown, never as secure: uncomment and fill in what you know.',
    '# Check it with `iotsec validate <file>`; assess it with `iotsec assess <file> --format html,pdf`.',
    '',
    'solution:',
  ];
  const solution = { name, ...s.solution };
  out.push(...objectLines('solution', nodes.solution, solution, '  '));
  for (const section of ['boundaries', 'devices', 'edges', 'services', 'principals', 'flows'] as const) {
    const list = s.elements[section] ?? [];
    const kind = SECTION_KIND[section];
    out.push('');
    out.push(...(s.todo?.[section] ?? []).map((l) => `# ${l}`));
    if (list.length === 0) {
      out.push(`# ${section}:`, ...commentLines(listPairs(kind, nodes.sections[section], '  ', ''), ''));
      continue;
    }
    out.push(`${section}:`);
    list.forEach((element, i) => {
      if (i > 0) out.push('');
      out.push(...(s.notes?.[section]?.[i] ?? []).map((l) => `  # ${l}`));
      out.push(...itemLines(kind, nodes.sections[section], element, '  '));
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
