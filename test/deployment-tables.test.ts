// The deployment mapping tables: every row of every table, in each format it lists, gives a value in the model's
// vocabulary, an unknown when the reader left the value (or something above it) unresolved, and nothing when the
// path is absent. Then the structures rows cannot say (extension targets, exports, policies, linked hubs, role
// assignments, Defender) and a meta-test that every property a table writes exists in the model schema.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { BUILTIN_ROLES, builtinRoleName } from '../src/evidence/deployment/builtin-roles.js';
import { mapDeployment } from '../src/evidence/deployment/map.js';
import type { DeploymentNote, DeploymentObservation, MappedDeployment } from '../src/evidence/deployment/observation.js';
import { Unresolved, type DeployedResource, type DeploymentFormat } from '../src/evidence/deployment/resource.js';
import * as converters from '../src/evidence/deployment/tables/converters.js';
import { sameResourceType, TABLES, tableFor } from '../src/evidence/deployment/tables/index.js';
import { scopeLevel } from '../src/evidence/deployment/tables/role-assignment.js';
import { parsePath, terraformTypes, type ResourceTable, type Row, type Source } from '../src/evidence/deployment/tables/table.js';
import { Edge, Service } from '../src/model/schema.js';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg';
const HUB_ID = `${SUB}/providers/Microsoft.Devices/IotHubs/hub1`;
const LOCATION = { file: 'export.json', line: 1, column: 1, pointer: '' };

function resource(format: DeploymentFormat, type: string, body: Record<string, unknown>, more: Partial<DeployedResource> = {}): DeployedResource {
  return { format, type, name: 'r1', body, location: LOCATION, locate: () => LOCATION, ...more };
}

function map(...resources: DeployedResource[]): MappedDeployment {
  return mapDeployment([{ file: 'export.json', format: resources[0]?.format ?? 'arm', resources }]);
}

function setPath(body: Record<string, unknown>, path: ReadonlyArray<string | number>, value: unknown): Record<string, unknown> {
  let at: Record<string | number, unknown> = body;
  path.forEach((key, i) => {
    if (i === path.length - 1) at[key] = value;
    else {
      if (at[key] === undefined) at[key] = typeof path[i + 1] === 'number' ? [] : {};
      at = at[key] as Record<string | number, unknown>;
    }
  });
  return body;
}

/** A raw value for each converter and what it reads as. */
const SAMPLES = new Map<converters.Converter, { raw: unknown; expect: { value?: unknown; values?: string[] } }>([
  [converters.bool, { raw: false, expect: { value: false } }],
  [converters.invertBool, { raw: true, expect: { value: false } }],
  [converters.enabledDisabled, { raw: 'Disabled', expect: { value: false } }],
  [converters.tlsVersion, { raw: 'TLS1_2', expect: { value: '1.2' } }],
  [converters.nonEmptyList, { raw: [], expect: { value: false } }],
  [converters.denyByDefault, { raw: 'Deny', expect: { value: true } }],
  [converters.keySourceIsKeyVault, { raw: 'Microsoft.KeyVault', expect: { value: true } }],
  [converters.approvedConnection, { raw: [{ properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }], expect: { value: true } }],
  [converters.text, { raw: 'SystemAssigned', expect: { value: 'SystemAssigned' } }],
  [converters.brokerAuthMethods, { raw: [{ method: 'ServiceAccountToken' }, { method: 'X509' }], expect: { values: ['service-account-token', 'x509'] } }],
  [converters.listenerTls, { raw: [{ port: 8883, tls: { mode: 'Automatic' } }], expect: { value: 'automatic' } }],
  [converters.brokerAuthorization, { raw: [{ principals: { clientIds: ['sensor-1'] }, brokerResources: [{ method: 'Connect' }, { method: 'Publish', topics: ['telemetry/sensor-1'] }] }], expect: { value: 'least-privilege' } }],
  [converters.anyLogEnabled, { raw: [{ categoryGroup: 'allLogs', enabled: true }], expect: { value: true } }],
]);

/** What a child or extension resource needs in its body to point at its target. */
function baseBody(table: ResourceTable, format: DeploymentFormat): Record<string, unknown> {
  if (table === tableFor('microsoft.insights/diagnosticsettings')) return format === 'terraform' ? { target_resource_id: HUB_ID } : { scope: HUB_ID };
  // azurerm's IoT Central network rules point at their application by id.
  if (table === tableFor('azurerm_iotcentral_application_network_rule_set')) return { iotcentral_application_id: '/subscriptions/s1/resourceGroups/g1/providers/Microsoft.IoTCentral/iotApps/app1' };
  return {};
}
const childName = (table: ResourceTable) => (table.arm?.startsWith('microsoft.iotoperations/instances/') ? 'aio1/default/child' : 'r1');

/** The model schema a table's rows write into: the edge for IoT Operations, else a service. */
function schemaFor(table: ResourceTable): z.ZodType {
  return table.element?.kind === 'edge' || table.arm?.startsWith('microsoft.iotoperations/') ? Edge : Service;
}

function unwrap(schema: unknown): unknown {
  let s = schema as { _zod?: { def?: { innerType?: unknown; in?: unknown } } };
  // Optional, default and pipe (transform) wrappers hide the object or enum inside.
  for (let i = 0; i < 10 && (s?._zod?.def?.innerType || s?._zod?.def?.in); i++) s = (s._zod!.def!.innerType ?? s._zod!.def!.in) as typeof s;
  return s;
}

/** The schema of a dotted property, or undefined when the model has no such property. */
function propertySchema(schema: z.ZodType, property: string): z.ZodType | undefined {
  let at: unknown = schema;
  for (const key of property.split('.')) {
    const shape = (unwrap(at) as { shape?: Record<string, unknown> }).shape;
    if (!shape || !Object.hasOwn(shape, key)) return undefined;
    at = shape[key];
  }
  return at as z.ZodType;
}

interface Case { table: ResourceTable; row: Row; format: DeploymentFormat; type: string; source: Source }

const CASES: Case[] = TABLES.flatMap((table) =>
  table.rows.flatMap((row) => [
    ...(row.arm ? (['arm', 'resource-graph'] as const).map((format) => ({ table, row, format, type: table.arm!, source: row.arm! })) : []),
    ...(row.terraform ? terraformTypes(table).map((type) => ({ table, row, format: 'terraform' as const, type, source: row.terraform! })) : []),
  ]),
);

const name = (c: Case) => `${c.table.label}: ${c.row.property ?? `note ${c.row.note}`} from ${c.source.path} (${c.format})`;

function resultsAt(mapped: MappedDeployment, path: ReadonlyArray<string | number>): Array<DeploymentObservation | DeploymentNote> {
  return [...mapped.observations, ...(mapped.notes ?? [])].filter((o) => o.path.join('.') === path.join('.'));
}

describe('every table row', () => {
  it('has cases (the table list is not empty)', () => expect(CASES.length).toBeGreaterThan(50));

  it.each(CASES.map((c) => [name(c), c] as const))('%s: a value in the model vocabulary', (_, c) => {
    const sample = SAMPLES.get(c.source.read);
    expect(sample, `no sample for the converter of ${name(c)}`).toBeDefined();
    const path = parsePath(c.source.path);
    const body = setPath(baseBody(c.table, c.format), path, structuredClone(sample!.raw));
    const found = resultsAt(map(resource(c.format, c.type, body, { name: childName(c.table) })), path);
    expect(found).toHaveLength(1);
    const result = found[0]!;
    expect(result.observed).not.toMatch(/[{}[\]"]|undefined|object Object/);
    if (c.row.note !== undefined) {
      expect((result as DeploymentNote).fact).toBe(c.row.note);
      return;
    }
    const observation = result as DeploymentObservation;
    expect(observation.property).toBe(c.row.property);
    expect({ value: observation.value, values: observation.values }).toEqual({ value: sample!.expect.value, values: sample!.expect.values });
    const schema = propertySchema(schemaFor(c.table), c.row.property!);
    expect(schema!.safeParse(observation.values ?? observation.value).success).toBe(true);
  });

  it.each(CASES.map((c) => [name(c), c] as const))('%s: unknown when unresolved, at the path or above it', (_, c) => {
    const path = parsePath(c.source.path);
    for (const depth of [path.length, 1]) {
      const reason = "parameter 'x' has no default value";
      const body = setPath(baseBody(c.table, c.format), path.slice(0, depth), new Unresolved("[parameters('x')]", reason));
      const found = resultsAt(map(resource(c.format, c.type, body, { name: childName(c.table) })), path);
      expect(found).toHaveLength(1);
      expect(found[0]!.observed).toContain("[parameters('x')]");
      if (c.row.note === undefined) {
        const o = found[0] as DeploymentObservation;
        expect(o.unknown).toBe(reason);
        expect(o.value).toBeUndefined();
      }
    }
  });

  it.each(CASES.map((c) => [name(c), c] as const))('%s: nothing when absent', (_, c) => {
    const path = parsePath(c.source.path);
    const mapped = map(resource(c.format, c.type, baseBody(c.table, c.format), { name: childName(c.table) }));
    expect(resultsAt(mapped, path)).toEqual([]);
    // A null (Terraform's unset attribute) is absent too.
    const nulled = map(resource(c.format, c.type, setPath(baseBody(c.table, c.format), path, null), { name: childName(c.table) }));
    expect(resultsAt(nulled, path)).toEqual([]);
  });
});

describe('meta', () => {
  it('every property a row writes exists in the model schema', () => {
    const missing = TABLES.flatMap((t) => t.rows.filter((r) => r.property !== undefined && !propertySchema(schemaFor(t), r.property)).map((r) => `${t.label}: ${r.property}`));
    expect(missing).toEqual([]);
  });
  it('properties written by table functions exist in the model schema', () => {
    for (const property of ['privateEndpoint', 'defender', 'diagnostics']) expect(propertySchema(Service, property), property).toBeDefined();
  });
  it('every row is either a property or a note, and has words', () => {
    const bad = TABLES.flatMap((t) => t.rows.filter((r) => (r.property === undefined) === (r.note === undefined) || !r.words || (!r.arm && !r.terraform)).map(() => t.label));
    expect(bad).toEqual([]);
  });
  it('no two tables claim a type; types are lower case', () => {
    const types = TABLES.flatMap((t) => [t.arm, ...terraformTypes(t)].filter((x): x is string => x !== undefined));
    expect(new Set(types).size).toBe(types.length);
    expect(types.filter((t) => t !== t.toLowerCase())).toEqual([]);
  });
  it('service element types are the model\'s', () => {
    const types = (Service.shape.type.unwrap() as z.ZodEnum).options as string[];
    for (const t of TABLES) if (t.element?.kind === 'service') expect(types).toContain(t.element.type);
  });
});

describe('converters', () => {
  it('publicNetworkAccess SecuredByPerimeter allows either', () => expect(converters.enabledDisabled('SecuredByPerimeter')).toMatchObject({ oneOf: [true, false] }));
  it('unexpected values are unknown with what was found', () => {
    expect(converters.tlsVersion('1.5')).toEqual({ unknown: '1.5 is not a TLS version (1.0 to 1.3)' });
    expect(converters.bool('yes')).toMatchObject({ unknown: expect.stringContaining('yes') });
  });
  it('TLS versions in every spelling', () => {
    for (const raw of ['1.2', 1.2, 'TLS1_2', 'tls1_2']) expect(converters.tlsVersion(raw)).toEqual({ value: '1.2' });
    expect(converters.tlsVersion(1)).toEqual({ value: '1.0' });
  });
  it('private endpoint connections: pending only is false', () => {
    expect(converters.approvedConnection([{ properties: { privateLinkServiceConnectionState: { status: 'Pending' } } }])).toEqual({ value: false });
    expect(converters.approvedConnection([{ properties: {} }])).toEqual({ value: true });
  });
  it('broker authentication: Custom has no model value', () => expect(converters.brokerAuthMethods([{ method: 'Custom' }])).toMatchObject({ unknown: expect.stringContaining('Custom') }));
  it('listener TLS: any port without TLS is none; mixed modes allow either; a port without a mode is unknown', () => {
    expect(converters.listenerTls([{ port: 8883, tls: { mode: 'Automatic' } }, { port: 1883, tls: { mode: 'None' } }])).toEqual({ value: 'none' });
    expect(converters.listenerTls([{ port: 8883, tls: { mode: 'Automatic' } }, { port: 8884, tls: { mode: 'Manual' } }])).toMatchObject({ oneOf: ['automatic', 'manual'] });
    expect(converters.listenerTls([{ port: 1883 }])).toMatchObject({ unknown: 'port 1883 states no tls.mode' });
  });
  it('broker authorization: a wildcard principal or topic is broad', () => {
    expect(converters.brokerAuthorization([{ principals: { clientIds: ['*'] }, brokerResources: [{ method: 'Connect' }] }])).toEqual({ value: 'broad' });
    expect(converters.brokerAuthorization([{ principals: { usernames: ['app'] }, brokerResources: [{ method: 'Subscribe', topics: ['#'] }] }])).toEqual({ value: 'broad' });
    expect(converters.brokerAuthorization([{ principals: { usernames: ['app'] }, brokerResources: [{ method: 'Publish' }] }])).toEqual({ value: 'broad' });
  });
});

describe('built-in roles', () => {
  it('looks up a full role definition id and a bare GUID, case-insensitively', () => {
    expect(builtinRoleName('/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/4FC6C259-987E-4A07-842E-C321CC9D413F')).toBe('IoT Hub Data Contributor');
    expect(builtinRoleName('8e3af657-a8ff-443c-a75c-2fe8c4bcb635')).toBe('Owner');
    expect(builtinRoleName('11111111-1111-1111-1111-111111111111')).toBeUndefined();
    expect(builtinRoleName("[parameters('role')]")).toBeUndefined();
  });
  it('names the roles the engine compares (exact spelling)', () => {
    const names = new Set(Object.values(BUILTIN_ROLES));
    for (const role of ['Owner', 'Contributor', 'Reader', 'User Access Administrator', 'IoT Hub Data Reader', 'IoT Hub Data Contributor', 'IoT Hub Registry Contributor', 'IoT Hub Twin Contributor']) expect(names).toContain(role);
    expect(Object.keys(BUILTIN_ROLES).every((k) => k === k.toLowerCase())).toBe(true);
  });
});

describe('role assignments', () => {
  it('ARM: built-in id → name, scope level, principal', () => {
    const r = resource('arm', 'microsoft.authorization/roleassignments', { scope: 'Microsoft.Devices/IotHubs/hub1', properties: { roleDefinitionId: `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/b447c946-2db7-41ec-983d-d8bf3b1c77e3`, principalId: 'p1', principalType: 'ServicePrincipal' } });
    expect(map(r).roleAssignments).toEqual([{ principalId: 'p1', principalType: 'ServicePrincipal', role: 'IoT Hub Data Reader', roleDefinitionId: 'b447c946-2db7-41ec-983d-d8bf3b1c77e3', scope: 'Microsoft.Devices/IotHubs/hub1', scopeLevel: 'resource', from: r }]);
  });
  it('Resource Graph: properties.scope at subscription level; a custom role has no name', () => {
    const r = resource('resource-graph', 'microsoft.authorization/roleassignments', { properties: { scope: '/subscriptions/abc', roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/11111111-1111-1111-1111-111111111111', principalId: 'p2' } });
    const [a] = map(r).roleAssignments;
    expect(a).toMatchObject({ scopeLevel: 'subscription', roleDefinitionId: '11111111-1111-1111-1111-111111111111' });
    expect(a!.role).toBeUndefined();
  });
  it('nested ARM form: the scope is the parent resource', () => {
    const r = resource('arm', 'microsoft.devices/iothubs/providers/roleassignments', { properties: { roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c', principalId: 'p3' } }, { name: 'hub1/Microsoft.Authorization/g' });
    // The type reaches the tables in lower case; Azure compares scopes case-insensitively.
    expect(map(r).roleAssignments[0]).toMatchObject({ role: 'Contributor', scope: 'microsoft.devices/iothubs/hub1', scopeLevel: 'resource' });
  });
  it('Terraform: role_definition_name, resource group scope', () => {
    const r = resource('terraform', 'azurerm_role_assignment', { scope: SUB, role_definition_name: 'Storage Blob Data Reader', principal_id: 'p4' });
    expect(map(r).roleAssignments[0]).toMatchObject({ role: 'Storage Blob Data Reader', scopeLevel: 'resource-group', principalId: 'p4' });
  });
  it('scope levels', () => {
    expect(scopeLevel('/providers/Microsoft.Management/managementGroups/mg')).toBe('management-group');
    expect(scopeLevel(HUB_ID)).toBe('resource');
    expect(scopeLevel(undefined)).toBe('unknown');
    expect(scopeLevel("[parameters('scope')]")).toBe('unknown');
  });
});

describe('extension and child resources target the right resource', () => {
  const diagBody = { properties: { logs: [{ category: 'Connections', enabled: true }] } };
  it('ARM diagnostic setting: scope as an id, as the relative form, nested type, extension id', () => {
    const byScope = map(resource('arm', 'microsoft.insights/diagnosticsettings', { ...diagBody, scope: HUB_ID })).observations[0]!;
    expect(byScope).toMatchObject({ target: { id: HUB_ID }, property: 'diagnostics', value: true });
    expect(map(resource('arm', 'microsoft.insights/diagnosticsettings', { ...diagBody, scope: 'Microsoft.Devices/IotHubs/hub1' })).observations[0]!.target).toEqual({ type: 'microsoft.devices/iothubs', name: 'hub1' });
    expect(map(resource('arm', 'microsoft.devices/iothubs/providers/diagnosticsettings', diagBody, { name: 'hub1/Microsoft.Insights/d' })).observations[0]!.target).toEqual({ type: 'microsoft.devices/iothubs', name: 'hub1' });
    expect(map(resource('resource-graph', 'microsoft.insights/diagnosticsettings', diagBody, { id: `${HUB_ID}/providers/microsoft.insights/diagnosticSettings/d` })).observations[0]!.target).toEqual({ id: HUB_ID });
  });
  it('an unresolved or missing scope leaves the setting untied, with why', () => {
    const m = map(resource('arm', 'microsoft.insights/diagnosticsettings', { ...diagBody, scope: new Unresolved("[parameters('hub')]", 'no default') }));
    expect(m.observations).toEqual([]);
    expect(m.untied?.[0]?.reason).toContain('no default');
    expect(map(resource('arm', 'microsoft.insights/diagnosticsettings', diagBody)).untied?.[0]?.reason).toContain('states no scope');
  });
  it('Terraform diagnostic setting: target_resource_id, else a reference', () => {
    expect(map(resource('terraform', 'azurerm_monitor_diagnostic_setting', { target_resource_id: HUB_ID, enabled_log: [{ category: 'Connections' }] })).observations[0]).toMatchObject({ target: { id: HUB_ID }, value: true });
    const ref = resource('terraform', 'azurerm_monitor_diagnostic_setting', { target_resource_id: new Unresolved('(known after apply)', 'known after apply'), enabled_log: [] }, { address: 'module.iot.azurerm_monitor_diagnostic_setting.d', references: { target_resource_id: ['azurerm_iothub.hub.id', 'azurerm_iothub.hub'] } });
    expect(map(ref).observations[0]).toMatchObject({ target: { address: 'module.iot.azurerm_iothub.hub' }, value: false });
  });
  it('private endpoints: ARM (automatic and manual) and Terraform', () => {
    const arm = map(resource('arm', 'microsoft.network/privateendpoints', { properties: { privateLinkServiceConnections: [{ properties: { privateLinkServiceId: HUB_ID } }], manualPrivateLinkServiceConnections: [{ properties: { privateLinkServiceId: `${SUB}/providers/Microsoft.Storage/storageAccounts/st1` } }] } }));
    expect(arm.observations.map((o) => [o.target, o.value, o.oneOf])).toEqual([[{ id: HUB_ID }, true, undefined], [{ id: `${SUB}/providers/Microsoft.Storage/storageAccounts/st1` }, undefined, [true, false]]]);
    const tf = map(resource('terraform', 'azurerm_private_endpoint', { private_service_connection: [{ private_connection_resource_id: HUB_ID, is_manual_connection: false }] }));
    expect(tf.observations[0]).toMatchObject({ target: { id: HUB_ID }, property: 'privateEndpoint', value: true });
  });
  it('Terraform shared access policy: parent by iothub_name, rights in the model enum', () => {
    const r = resource('terraform', 'azurerm_iothub_shared_access_policy', { name: 'backend', iothub_name: 'hub1', resource_group_name: 'rg', registry_read: true, registry_write: true, service_connect: true, device_connect: false });
    expect(map(r).sharedAccessPolicies).toMatchObject([{ on: { name: 'hub1', type: 'azurerm_iothub' }, name: 'backend', permissions: ['RegistryReadWrite', 'ServiceConnect'] }]);
  });
  it('IoT Operations children are about their instance', () => {
    const r = resource('arm', 'microsoft.iotoperations/instances/brokers/listeners', { properties: { ports: [{ port: 8883, tls: { mode: 'Manual' } }] } }, { name: 'aio1/default/listener' });
    expect(map(r).observations[0]).toMatchObject({ target: { name: 'aio1', type: 'microsoft.iotoperations/instances' }, property: 'broker.listenerTls', value: 'manual' });
    expect(map(resource('arm', 'microsoft.iotoperations/instances', {}, { name: 'aio1' })).elements[0]!.element).toEqual({ kind: 'edge', runtime: 'iot-operations' });
  });
});

describe('IoT hub lists', () => {
  it('ARM authorization policies and routing endpoints', () => {
    const hub = resource('arm', 'microsoft.devices/iothubs', {
      properties: {
        authorizationPolicies: [{ keyName: 'iothubowner', rights: 'RegistryWrite, ServiceConnect, DeviceConnect', primaryKey: new Unresolved('[x]', 'secret') }, { keyName: 'registryRead', rights: 'RegistryRead' }],
        routing: { endpoints: {
          eventHubs: [{ name: 'telemetry', authenticationType: 'identityBased', endpointUri: 'sb://ehns1.servicebus.windows.net', entityPath: 'telemetry' }],
          storageContainers: [{ name: 'archive', connectionString: new Unresolved("[listKeys('st1')]", 'listKeys needs the deployed account'), containerName: 'c' }],
          serviceBusQueues: [{ name: 'alerts', authenticationType: 'keyBased', connectionString: 'Endpoint=sb://sbns1.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=k;EntityPath=q' }],
        } },
      },
    });
    const m = map(hub);
    expect(m.sharedAccessPolicies!.map((p) => [p.name, p.permissions])).toEqual([['iothubowner', ['RegistryReadWrite', 'ServiceConnect', 'DeviceConnect']], ['registryRead', ['RegistryRead']]]);
    expect(m.exports!.map((e) => [e.endpoint, e.to, e.auth])).toEqual([
      ['telemetry', { name: 'ehns1', type: 'microsoft.eventhub/namespaces' }, 'managed-identity'],
      ['alerts', { name: 'sbns1', type: 'microsoft.servicebus/namespaces' }, 'connection-string'],
      ['archive', undefined, 'connection-string'],
    ]);
    expect(m.exports!.every((e) => e.from && 'resource' in e.from && e.from.resource === hub)).toBe(true);
  });
  it('Terraform hub endpoint blocks and a standalone endpoint resource', () => {
    const hub = resource('terraform', 'azurerm_iothub', { endpoint: [{ type: 'AzureIotHub.StorageContainer', name: 'archive', authentication_type: 'identityBased', endpoint_uri: 'https://st1.blob.core.windows.net/' }] });
    expect(map(hub).exports!.map((e) => [e.to, e.auth])).toEqual([[{ name: 'st1', type: 'microsoft.storage/storageaccounts' }, 'managed-identity']]);
    const endpoint = resource('terraform', 'azurerm_iothub_endpoint_eventhub', { name: 'ep', iothub_id: new Unresolved('(known after apply)', 'known after apply'), authentication_type: 'keyBased' }, { address: 'azurerm_iothub_endpoint_eventhub.ep', references: { iothub_id: ['azurerm_iothub.hub.id', 'azurerm_iothub.hub'], endpoint_uri: ['azurerm_eventhub_namespace.ns.name', 'azurerm_eventhub_namespace.ns'] } });
    expect(map(endpoint).exports).toMatchObject([{ from: { address: 'azurerm_iothub.hub' }, to: { address: 'azurerm_eventhub_namespace.ns' }, auth: 'connection-string', endpoint: 'ep' }]);
  });
  it('an endpoint that states neither auth type nor connection string is unknown', () => {
    const hub = resource('arm', 'microsoft.devices/iothubs', { properties: { routing: { endpoints: { eventHubs: [{ name: 'x', endpointUri: 'sb://ns.servicebus.windows.net' }] } } } });
    const [only] = map(hub).exports!;
    expect(only!.auth).toBeUndefined();
    expect(only!.unknown).toContain('neither');
  });
});

describe('DPS linked hubs and policies', () => {
  it('ARM: a connection string links with keys; DPS rights outside the model enum are kept apart', () => {
    const dps = resource('arm', 'microsoft.devices/provisioningservices', { properties: {
      iotHubs: [{ connectionString: 'HostName=hub1.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=k', location: 'westeurope' }],
      authorizationPolicies: [{ keyName: 'provisioningserviceowner', rights: 'ServiceConfig, DeviceConnect, EnrollmentWrite' }],
    } });
    const m = map(dps);
    expect(m.linkedHubs).toMatchObject([{ hub: { name: 'hub1', type: 'microsoft.devices/iothubs' }, auth: 'connection-string' }]);
    expect(m.sharedAccessPolicies).toMatchObject([{ permissions: ['DeviceConnect'], otherRights: ['ServiceConfig', 'EnrollmentWrite'] }]);
  });
  it('Terraform linked_hub by hostname', () => {
    const dps = resource('terraform', 'azurerm_iothub_dps', { linked_hub: [{ hostname: 'hub2.azure-devices.net', connection_string: new Unresolved('(sensitive)', 'sensitive value') }] });
    expect(map(dps).linkedHubs).toMatchObject([{ hub: { name: 'hub2' }, auth: 'connection-string' }]);
  });
});

describe('Defender', () => {
  const vault = (id?: string) => resource('arm', 'microsoft.keyvault/vaults', {}, { name: 'kv', ...(id ? { id } : {}) });
  it('a Standard KeyVaults plan is on for every vault in the subscription, not in another', () => {
    const inSub = vault(`${SUB}/providers/Microsoft.KeyVault/vaults/kv`);
    const other = vault('/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/x/providers/Microsoft.KeyVault/vaults/kv2');
    const plan = resource('resource-graph', 'microsoft.security/pricings', { properties: { pricingTier: 'Standard' } }, { name: 'KeyVaults', id: '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Security/pricings/KeyVaults' });
    const observations = map(inSub, other, plan).observations.filter((o) => o.property === 'defender');
    expect(observations).toHaveLength(1);
    expect(observations[0]).toMatchObject({ target: { resource: inSub }, value: true });
  });
  it('Terraform Free plan is off; plans without a model service type say nothing', () => {
    const st = resource('terraform', 'azurerm_storage_account', {});
    expect(map(st, resource('terraform', 'azurerm_security_center_subscription_pricing', { tier: 'Free', resource_type: 'StorageAccounts' })).observations).toMatchObject([{ property: 'defender', value: false }]);
    expect(map(st, resource('terraform', 'azurerm_security_center_subscription_pricing', { tier: 'Standard', resource_type: 'VirtualMachines' })).observations).toEqual([]);
  });
  it('an IoT security solution turns defender on for the hubs it lists', () => {
    const m = map(resource('arm', 'microsoft.security/iotsecuritysolutions', { properties: { iotHubs: [HUB_ID], status: 'Enabled' } }));
    expect(m.observations).toMatchObject([{ target: { id: HUB_ID }, property: 'defender', value: true }]);
  });
});

describe('mapDeployment', () => {
  it('counts unknown types, adds the readers\' counts, lists elements, keeps notes apart', () => {
    const hub = resource('arm', 'microsoft.devices/iothubs', { properties: { disableDeviceSAS: true, disableLocalAuth: false } });
    const m = mapDeployment([
      { file: 'a.json', format: 'arm', resources: [hub, resource('arm', 'microsoft.network/virtualnetworks', {}), resource('arm', 'microsoft.network/virtualnetworks', {})], ignored: { 'microsoft.compute/virtualmachines': 2 } },
      { file: 'b.json', format: 'terraform', resources: [resource('terraform', 'azurerm_virtual_network', {})] },
    ]);
    expect(m.ignored).toEqual({ 'microsoft.compute/virtualmachines': 2, 'microsoft.network/virtualnetworks': 2, azurerm_virtual_network: 1 });
    expect(m.elements).toEqual([{ resource: hub, element: { kind: 'service', type: 'iot-hub' } }]);
    expect(m.notes).toMatchObject([{ fact: 'deviceSas', observed: 'device SAS authentication is disabled (disableDeviceSAS: true)' }]);
    expect(m.observations).toMatchObject([{ property: 'localAuth', value: true, observed: 'local (key) authentication is enabled (disableLocalAuth: false)' }]);
  });
  it('reads ARM property names in any case', () => {
    const m = map(resource('resource-graph', 'microsoft.devices/iothubs', { properties: { publicnetworkaccess: 'Disabled' } }));
    expect(m.observations).toMatchObject([{ property: 'publicNetworkAccess', value: false, observed: 'public network access is disabled (publicNetworkAccess: Disabled)' }]);
  });
  it('is deterministic', () => {
    const files = [{ file: 'a.json', format: 'arm' as const, resources: [resource('arm', 'microsoft.storage/storageaccounts', { properties: { minimumTlsVersion: 'TLS1_2', allowSharedKeyAccess: false } })] }];
    expect(JSON.stringify(mapDeployment(files), (k, v) => (k === 'from' || k === 'source' ? undefined : v))).toBe(JSON.stringify(mapDeployment(files), (k, v) => (k === 'from' || k === 'source' ? undefined : v)));
  });
  it('matches types across formats', () => {
    expect(sameResourceType('microsoft.devices/iothubs', 'azurerm_iothub')).toBe(true);
    expect(sameResourceType('Microsoft.Devices/IotHubs', 'azurerm_iothub_dps')).toBe(false);
  });
});
