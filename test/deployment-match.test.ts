// Matching deployed resources to model elements: explicit id, resourceName, name, then type when unique;
// never a guess between two. Resources are built by hand here (the readers have their own tests).
import { describe, expect, it } from 'vitest';
import { matchDeployment, parseResourceId } from '../src/evidence/deployment/match.js';
import type { DeploymentObservation, ElementKind, MappedDeployment } from '../src/evidence/deployment/observation.js';
import { Unresolved, type DeployedResource } from '../src/evidence/deployment/resource.js';
import type { LoadedModel } from '../src/model/load.js';
import { loadObject } from './helpers/model.js';

const HUB = 'microsoft.devices/iothubs';
const SA = 'microsoft.storage/storageaccounts';

function resource(type: string, name: string | Unresolved, extra: Partial<DeployedResource> = {}): DeployedResource {
  const location = { file: 'export.json', line: 3, column: 5, pointer: '/resources/0' };
  return { format: 'arm', type, name, body: {}, location, locate: (p) => ({ ...location, pointer: `/resources/0/${p.join('/')}`, line: 4 }), ...extra };
}

function model(services: unknown[], principals: unknown[] = []): LoadedModel {
  const r = loadObject({ solution: { name: 't' }, services, principals });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.loaded;
}

const kindOf = (type: string): ElementKind => ({ kind: 'service', type: type === HUB ? 'iot-hub' : 'storage' });

function mapped(resources: DeployedResource[], observations: DeploymentObservation[] = []): MappedDeployment {
  return { observations, roleAssignments: [], elements: resources.map((resource) => ({ resource, element: kindOf(resource.type) })), ignored: {} };
}

function run(loaded: LoadedModel, m: MappedDeployment, resources = m.elements.map((e) => e.resource)) {
  return matchDeployment(m, loaded.index, (p) => loaded.source.locate(p), resources);
}

const obs = (r: DeployedResource, property: string, value: string | boolean): DeploymentObservation => ({ target: { resource: r }, property, value, observed: `${property} is ${value}`, from: r, path: ['properties', property] });

describe('matching deployed resources to model services', () => {
  it('parses resource ids, child ids included', () => {
    expect(parseResourceId('/subscriptions/s/resourceGroups/g/providers/Microsoft.Devices/IotHubs/hub1')).toEqual({ type: HUB, name: 'hub1' });
    expect(parseResourceId('/subscriptions/s/resourceGroups/g/providers/Microsoft.IoTOperations/instances/i/brokers/b')).toEqual({ type: 'microsoft.iotoperations/instances/brokers', name: 'i/b' });
    expect(parseResourceId('/subscriptions/s/resourceGroups/g')).toBeUndefined();
  });

  it('matches by azureResourceId, then resourceName, then name, then a unique type', () => {
    const a = resource(HUB, 'hub-a', { id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Devices/IotHubs/hub-a' });
    const b = resource(HUB, 'hub-b');
    const c = resource(SA, 'Archive');
    const d = resource(SA, 'stlogs');
    const loaded = model([
      { id: 'h1', type: 'iot-hub', azureResourceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Devices/IotHubs/HUB-A' },
      { id: 'h2', type: 'iot-hub', resourceName: 'hub-b' },
      { id: 'archive', type: 'storage' },
      { id: 'logs', name: 'Log storage', type: 'storage' },
    ]);
    const r = run(loaded, mapped([a, b, c, d], [obs(a, 'minTls', '1.2'), obs(b, 'localAuth', false), obs(c, 'publicNetworkAccess', true), obs(d, 'localAuth', true)]));
    expect([...r.matches.keys()].sort()).toEqual(['archive', 'h1', 'h2', 'logs']);
    expect(r.observations.map((o) => `${o.element}.${o.property}=${String(o.value)}`).sort()).toEqual(['archive.publicNetworkAccess=true', 'h1.minTls=1.2', 'h2.localAuth=false', 'logs.localAuth=true']);
    expect(r.observations[0]!.provenance).toMatchObject({ source: 'deployment', location: { file: 'export.json', line: 4, pointer: expect.stringContaining('/resources/0/') } });
  });

  it('never guesses between two resources of the same type, and says so', () => {
    const loaded = model([{ id: 'hub', type: 'iot-hub' }]);
    const r = run(loaded, mapped([resource(HUB, 'x'), resource(HUB, 'y')]));
    expect(r.matches.size).toBe(0);
    expect(r.warnings.filter((w) => w.code === 'deployment-unmatched-resource')).toHaveLength(2);
    expect(r.warnings.some((w) => w.code === 'deployment-missing-resource' && w.message.includes("'hub'"))).toBe(true);
  });

  it('does not match by type when the model has two services of it', () => {
    const loaded = model([
      { id: 'h1', type: 'iot-hub' },
      { id: 'h2', type: 'iot-hub' },
    ]);
    expect(run(loaded, mapped([resource(HUB, 'only')])).matches.size).toBe(0);
  });

  it('does not match by type when two model services could each stand for the resource (a function app and an App Service app)', () => {
    const loaded = model([
      { id: 'fn', type: 'functions' },
      { id: 'web', type: 'app-service' },
    ]);
    const site = resource('microsoft.web/sites', 'site-1');
    const m: MappedDeployment = { observations: [], roleAssignments: [], elements: [{ resource: site, element: { kind: 'service', type: 'app-service' } }], ignored: {} };
    expect(run(loaded, m).matches.size).toBe(0);
  });

  it('a resourceName two resources share is ambiguous and fills nothing', () => {
    const loaded = model([{ id: 'h', type: 'iot-hub', resourceName: 'dup' }]);
    const x = resource(HUB, 'dup');
    const y = resource(HUB, 'DUP');
    const r = run(loaded, mapped([x, y], [obs(x, 'minTls', '1.0')]));
    expect(r.observations).toHaveLength(0);
    expect(r.warnings.some((w) => w.code === 'deployment-ambiguous' && w.line > 0)).toBe(true);
  });

  it('an unresolved name matches nothing by name, and an unresolved value is evidence without a value', () => {
    const loaded = model([{ id: 'hub', type: 'iot-hub' }]);
    const r0 = resource(HUB, new Unresolved("[parameters('hubName')]", "parameter 'hubName' has no default value"));
    const o: DeploymentObservation = { target: { resource: r0 }, property: 'minTls', unknown: "parameter 'tls' has no default value", observed: 'minTlsVersion is [parameters(\'tls\')]', from: r0, path: ['properties', 'minTlsVersion'] };
    const r = run(loaded, mapped([r0], [o]));
    // The only hub of the model and the only one exported: matched by type.
    expect(r.matches.get('hub')).toContain("parameters('hubName')");
    expect(r.observations[0]).toMatchObject({ element: 'hub', property: 'minTls' });
    expect(r.observations[0]!.value).toBeUndefined();
    expect(r.facts[0]!.note).toContain('no default value');
  });

  it('ties extension resources to their target by resource id, even when only the model names the id', () => {
    const id = '/subscriptions/s/resourceGroups/g/providers/Microsoft.Devices/IotHubs/hub-a';
    const loaded = model([{ id: 'hub', type: 'iot-hub', azureResourceId: id }]);
    const diag = resource('microsoft.insights/diagnosticsettings', 'send-to-law');
    const o: DeploymentObservation = { target: { id: id.toUpperCase() }, property: 'diagnostics', value: true, observed: 'a diagnostic setting sends its logs to Log Analytics', from: diag, path: ['properties'] };
    const r = run(loaded, { observations: [o], roleAssignments: [], elements: [], ignored: {} }, [diag]);
    expect(r.observations).toEqual([expect.objectContaining({ element: 'hub', property: 'diagnostics', value: true })]);
  });

  it('a setting on a child resource (a blob service) is about the parent the model names', () => {
    const loaded = model([{ id: 'archive', type: 'storage', resourceName: 'starchive' }]);
    const account = resource(SA, 'starchive');
    const diag = resource('microsoft.insights/diagnosticsettings', 'logs');
    const o: DeploymentObservation = { target: { type: 'microsoft.storage/storageaccounts/blobservices', name: 'starchive/default' }, property: 'diagnostics', value: true, observed: 'a diagnostic setting on the blob service', from: diag, path: ['scope'] };
    const r = run(loaded, mapped([account], [o]), [account, diag]);
    expect(r.observations).toEqual([expect.objectContaining({ element: 'archive', property: 'diagnostics', value: true })]);
  });

  it('role assignments: data roles show Entra ID use on the service; principals are matched by objectId', () => {
    const id = '/subscriptions/s/resourceGroups/g/providers/Microsoft.Devices/IotHubs/hub-a';
    const oid = '11111111-2222-3333-4444-555555555555';
    const loaded = model([{ id: 'hub', type: 'iot-hub', azureResourceId: id }], [{ id: 'ops', kind: 'user', objectId: oid, assignments: [{ role: 'Reader', scope: 'resource', on: 'hub' }] }]);
    const ra = resource('microsoft.authorization/roleassignments', 'ra1');
    const m: MappedDeployment = {
      observations: [],
      roleAssignments: [
        { principalId: oid, principalType: 'User', role: 'IoT Hub Data Contributor', scope: id, scopeLevel: 'resource', from: ra },
        { principalId: '99999999-2222-3333-4444-555555555555', role: 'Owner', scope: '/subscriptions/s', scopeLevel: 'subscription', from: ra },
      ],
      elements: [],
      ignored: {},
    };
    const r = run(loaded, m, [ra]);
    expect(r.observations).toEqual([expect.objectContaining({ element: 'hub', property: 'entraAuth', value: true })]);
    expect(r.facts).toEqual([expect.objectContaining({ element: 'ops', fact: 'role-assignment', value: 'IoT Hub Data Contributor', note: 'the model does not list this assignment' })]);
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['deployment-missing-resource', 'deployment-unmatched-principal', 'deployment-unmodelled-assignment']);
  });
});
