// What facts from an element's code say about model properties: the device's identity method, the protocol and
// authentication of its flows, whether a service accepts local (key) authentication. Pure: facts and the model's
// elements in, observations out; a fact that says nothing about a property, or whose target cannot be told, is
// kept with the reason.
import type { ElementIndex, ModelElement } from '../model/elements.js';
import type { PropertyEvidence } from '../model/provenance.js';
import type { CodeFact } from './fact.js';

export interface Unmapped {
  fact: CodeFact;
  element: string;
  reason: string;
}

export interface Mapped {
  observations: PropertyEvidence[];
  unmapped: Unmapped[];
}

const SERVICE_FACTS: Record<string, { type: string; label: string }> = {
  'iot-hub-auth': { type: 'iot-hub', label: 'IoT hub' },
  'event-hubs-auth': { type: 'event-hubs', label: 'Event Hubs namespace' },
  'storage-auth': { type: 'storage', label: 'storage account' },
  'service-bus-auth': { type: 'service-bus', label: 'Service Bus namespace' },
};
const KEY_AUTH = new Set(['connection-string', 'account-key', 'shared-key', 'sas']);
const FLOW_AUTH: Record<string, { value?: string; oneOf?: string[] }> = {
  'managed-identity': { value: 'managed-identity' },
  'default-credential': { oneOf: ['managed-identity', 'entra'] },
  'service-principal': { value: 'entra' },
  'developer-credential': { value: 'entra' },
  credential: { oneOf: ['managed-identity', 'entra'] },
};

/** Services of a type the element's flows go to; else the model's only service of that type. */
function targetService(element: ModelElement, type: string, index: ElementIndex, flows: readonly ModelElement[]): ModelElement | string {
  const reached = [...new Set(flows.map((f) => String(f.data.to)))].map((id) => index.byId.get(id)).filter((e): e is ModelElement => e?.kind === 'service' && e.data.type === type);
  if (reached.length === 1) return reached[0]!;
  if (reached.length > 1) return `its flows reach ${reached.length} services of type ${type}`;
  const all = (index.byKind.get('service') ?? []).filter((s) => s.data.type === type);
  if (all.length === 1) return all[0]!;
  return all.length === 0 ? `the model has no service of type ${type}` : `the model has ${all.length} services of type ${type} and no flow from ${element.id} says which`;
}

export function factsToProperties(facts: readonly CodeFact[], elementId: string, index: ElementIndex): Mapped {
  const observations: PropertyEvidence[] = [];
  const unmapped: Unmapped[] = [];
  const element = index.byId.get(elementId);
  if (element === undefined) return { observations, unmapped: facts.map((fact) => ({ fact, element: elementId, reason: `the model has no element ${elementId}` })) };
  const flows = (index.byKind.get('flow') ?? []).filter((f) => f.data.from === elementId);
  const flowsTo = (types: readonly string[]) => flows.filter((f) => types.includes(String(index.byId.get(String(f.data.to))?.data.type)));
  const isIot = element.kind === 'device' || element.kind === 'edge';
  for (const fact of facts) {
    const provenance = { source: 'code' as const, location: fact.location, collector: fact.collector };
    const add = (el: string, property: string, v: { value?: string | boolean; oneOf?: string[] }, observed = fact.detail) =>
      observations.push({ element: el, property, ...(v.value !== undefined ? { value: v.value } : {}), ...(v.oneOf ? { oneOf: v.oneOf } : {}), observed, provenance });
    const before = observations.length;
    let reason = 'says nothing the model records';
    if (fact.value === 'unknown') reason = 'the value cannot be told from the code';
    else if (fact.fact === 'device-auth' && isIot) {
      const method = fact.value === 'x509' ? { oneOf: ['x509-ca', 'x509-self-signed'] } : { value: fact.value };
      add(elementId, 'identity.method', method);
      const auth = fact.value === 'x509' ? 'x509' : fact.value === 'symmetric-key' ? 'sas' : undefined;
      if (auth) for (const f of flowsTo(['iot-hub', 'dps'])) add(f.id, 'auth', { value: auth });
      if (element.kind === 'device') add(elementId, 'software.sdk', { value: 'azure-iot' }, 'uses the Azure IoT device SDK (azure-iot-device)');
    } else if (fact.fact === 'provisioning' && isIot) add(elementId, 'identity.provisioning', { value: 'dps' });
    else if (fact.fact === 'key-derivation' && isIot) add(elementId, 'identity.keyScope', { value: fact.value === 'derived' ? 'group-derived' : 'shared' });
    else if ((fact.fact === 'transport' || fact.fact === 'provisioning-transport') && isIot) {
      for (const f of flowsTo([fact.fact === 'transport' ? 'iot-hub' : 'dps'])) add(f.id, 'protocol', { value: fact.value });
      if (observations.length === before) reason = `${elementId} has no flow to ${fact.fact === 'transport' ? 'an IoT hub' : 'a DPS'} in the model`;
    } else if (fact.fact === 'tls-min-version' && element.kind === 'device') add(elementId, 'tls.minVersion', { value: fact.value });
    else if (fact.fact === 'hardcoded-secret' && isIot && fact.value !== 'account-key') {
      add(elementId, 'identity.storage', { value: 'file' }, `keeps its credential in source code (${fact.detail.replace(/:.*$/, '')})`);
    } else if (Object.hasOwn(SERVICE_FACTS, fact.fact)) {
      const { type } = SERVICE_FACTS[fact.fact]!;
      const target = targetService(element, type, index, flows);
      if (typeof target === 'string') reason = target;
      else {
        const toTarget = flows.filter((f) => f.data.to === target.id);
        if (KEY_AUTH.has(fact.value)) {
          add(target.id, 'localAuth', { value: true }, `${fact.detail}, which only works while the ${SERVICE_FACTS[fact.fact]!.label} accepts local (key) authentication`);
          for (const f of toTarget) add(f.id, 'auth', { oneOf: ['connection-string', 'sas'] });
        } else if (Object.hasOwn(FLOW_AUTH, fact.value)) {
          add(target.id, 'entraAuth', { value: true }, `${fact.detail} (Microsoft Entra ID)`);
          for (const f of toTarget) add(f.id, 'auth', FLOW_AUTH[fact.value]!);
        }
      }
    }
    if (observations.length === before) unmapped.push({ fact, element: elementId, reason });
  }
  return { observations, unmapped };
}
