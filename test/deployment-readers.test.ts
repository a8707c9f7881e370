// Deployment export readers: ARM templates, Azure Resource Graph results and Terraform plan/state JSON,
// each read from fixtures written in the tools' official shapes, into DeployedResources with located values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, type Diagnostic } from '../src/model/diagnostics.js';
import { evaluateArmExpression, resolveArmValue, type ArmScope } from '../src/evidence/deployment/arm-expression.js';
import { parseJsonText } from '../src/evidence/deployment/parse-json.js';
import { readDeploymentBytes } from '../src/evidence/deployment/read.js';
import { Unresolved, type DeployedResource, type DeploymentFile } from '../src/evidence/deployment/resource.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'deployment');
const LIMIT = 5 * 1024 * 1024;

function fixtureText(rel: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8');
}

function read(rel: string): DeploymentFile {
  return readDeploymentBytes(readFileSync(join(FIXTURES, rel)), rel, LIMIT);
}

function diagnosticsOf(fn: () => unknown): Diagnostic[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics;
    throw err;
  }
  throw new Error('expected an InputError');
}

function byType(file: DeploymentFile, type: string): DeployedResource[] {
  return file.resources.filter((r) => r.type === type);
}

function one(file: DeploymentFile, type: string): DeployedResource {
  const found = byType(file, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

function get(body: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], body);
}

/** Line and column of the n-th occurrence of `needle` in `text`, found independently of the parser. */
function positionOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`${needle} not found ${occurrence} times`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

describe('ARM templates', () => {
  const file = read('arm/iot-template.json');

  it('is detected by its $schema and returns every resource, nested ones included, types lower case', () => {
    expect(file.format).toBe('arm');
    expect(file.file).toBe('arm/iot-template.json');
    expect(file.resources.map((r) => r.type)).toEqual([
      'microsoft.devices/iothubs',
      'microsoft.devices/iothubs/eventhubendpoints/consumergroups',
      'microsoft.devices/iothubs/certificates',
      'microsoft.devices/provisioningservices',
      'microsoft.eventhub/namespaces',
      'microsoft.eventhub/namespaces/eventhubs',
      'microsoft.storage/storageaccounts',
      'microsoft.keyvault/vaults',
      'microsoft.authorization/roleassignments',
      'microsoft.insights/diagnosticsettings',
      'microsoft.network/privateendpoints',
      'microsoft.iotcentral/iotapps',
      'microsoft.resources/deployments',
      'microsoft.iotoperations/instances',
      'microsoft.iotoperations/instances/brokers',
      'microsoft.iotoperations/instances/brokers/authentications',
      'microsoft.iotoperations/instances/brokers/listeners',
      'microsoft.iotoperations/instances/brokers/authorizations',
      'microsoft.resources/deployments',
      'microsoft.eventhub/namespaces/eventhubs/consumergroups',
    ]);
    for (const r of file.resources) {
      expect(r.format).toBe('arm');
      expect(r.id).toBeUndefined(); // no subscription offline
    }
  });

  it('resolves parameter defaults, constant variables, concat, format, member access and [[ escapes', () => {
    const hub = one(file, 'microsoft.devices/iothubs');
    expect(hub.name).toBe('contoso-hub');
    expect(get(hub.body, ['properties', 'minTlsVersion'])).toBe('1.2');
    expect(get(hub.body, ['properties', 'disableLocalAuth'])).toBe(true);
    expect(get(hub.body, ['properties', 'networkRuleSets', 'defaultAction'])).toBe('Deny');
    expect(get(hub.body, ['properties', 'networkRuleSets', 'ipRules', 0, 'ipMask'])).toBe('10.0.0.0/24');
    expect(get(hub.body, ['properties', 'routing', 'endpoints', 'eventHubs', 0, 'endpointUri'])).toBe('sb://contoso-ehns.servicebus.windows.net');
    expect(get(hub.body, ['tags', 'note'])).toBe('[not an expression]');
    expect(get(hub.body, ['type'])).toBe('Microsoft.Devices/IotHubs');
    // Children are resources of their own, not part of the parent's body.
    expect(hub.body['resources']).toBeUndefined();
    expect(one(file, 'microsoft.keyvault/vaults').name).toBe('contoso-kv');
    expect(one(file, 'microsoft.eventhub/namespaces').name).toBe('contoso-ehns');
    expect(one(file, 'microsoft.network/privateendpoints').name).toBe('contoso-hub-pe');
    expect(get(one(file, 'microsoft.authorization/roleassignments').body, ['scope'])).toBe('Microsoft.Devices/IotHubs/contoso-hub');
  });

  it('leaves what the deployment decides Unresolved, with the expression and the reason', () => {
    const hub = one(file, 'microsoft.devices/iothubs');
    const location = hub.body['location'];
    expect(location).toBeInstanceOf(Unresolved);
    expect((location as Unresolved).expression).toBe("[parameters('location')]");
    expect((location as Unresolved).reason).toBe("parameter 'location' defaults to [resourceGroup().location]: resourceGroup() is known only when the template is deployed");

    const dps = one(file, 'microsoft.devices/provisioningservices');
    expect(dps.name).toEqual(new Unresolved("[parameters('dpsName')]", "parameter 'dpsName' has no default value"));
    const connection = get(dps.body, ['properties', 'iotHubs', 0, 'connectionString']) as Unresolved;
    expect(connection).toBeInstanceOf(Unresolved);
    expect(connection.reason).toBe('listkeys() is known only when the template is deployed');
    expect(get(dps.body, ['properties', 'publicNetworkAccess'])).toBe('Enabled');

    const storage = one(file, 'microsoft.storage/storageaccounts');
    expect(storage.name).toBeInstanceOf(Unresolved);
    expect((storage.name as Unresolved).reason).toBe("parameter 'storageName' defaults to [concat('st', uniqueString(resourceGroup().id))]: uniqueString() is known only when the template is deployed");
    expect(get(storage.body, ['properties', 'allowSharedKeyAccess'])).toBe(false);

    const role = one(file, 'microsoft.authorization/roleassignments');
    expect(role.name).toBeInstanceOf(Unresolved);
    expect(get(role.body, ['properties', 'principalId'])).toEqual(new Unresolved("[parameters('operatorPrincipalId')]", "parameter 'operatorPrincipalId' has no default value"));
    expect((get(role.body, ['properties', 'roleDefinitionId']) as Unresolved).reason).toBe('subscriptionResourceId() is known only when the template is deployed');
    expect(get(role.body, ['properties', 'principalType'])).toBe('ServicePrincipal');
    expect((get(one(file, 'microsoft.keyvault/vaults').body, ['properties', 'tenantId']) as Unresolved).reason).toMatch(/subscription\(\) is known only/);
  });

  it('names nested children parent/child unless the child spells its full type and name', () => {
    expect(one(file, 'microsoft.devices/iothubs/eventhubendpoints/consumergroups').name).toBe('contoso-hub/events/analytics');
    expect(one(file, 'microsoft.devices/iothubs/certificates').name).toBe('contoso-hub/root-ca');
    expect(one(file, 'microsoft.eventhub/namespaces/eventhubs').name).toBe('contoso-ehns/telemetry');
  });

  it('reads nested deployments: inner scope from the given parameters, outer scope from the enclosing template', () => {
    const instance = one(file, 'microsoft.iotoperations/instances');
    expect(instance.name).toBe('contoso-aio');
    const extended = instance.body['extendedLocation'] as Record<string, unknown>;
    expect(extended['type']).toBe('CustomLocation');
    // The outer template's parameter has no default, so the inner one stays unknown, with why.
    expect(extended['name']).toEqual(new Unresolved("[parameters('customLocationId')]", "parameter 'customLocationId' of deployment 'iot-operations' is given [parameters('customLocationId')]: parameter 'customLocationId' has no default value"));
    expect(one(file, 'microsoft.iotoperations/instances/brokers').name).toBe('contoso-aio/default');
    const authn = one(file, 'microsoft.iotoperations/instances/brokers/authentications');
    expect(authn.name).toBe('contoso-aio/default/default');
    expect(get(authn.body, ['properties', 'authenticationMethods', 1, 'method'])).toBe('X509');
    expect(one(file, 'microsoft.iotoperations/instances/brokers/listeners').name).toBe('contoso-aio/default/default');
    expect(one(file, 'microsoft.iotoperations/instances/brokers/authorizations').name).toBe('contoso-aio/default/sensors');

    const cg = one(file, 'microsoft.eventhub/namespaces/eventhubs/consumergroups');
    expect(cg.name).toBe('contoso-ehns/telemetry/archive');
    expect(get(cg.body, ['properties', 'userMetadata'])).toBe('modern');

    // The deployment resource itself keeps its template as written (evaluated in the inner scope instead).
    const deployment = byType(file, 'microsoft.resources/deployments')[0]!;
    expect(get(deployment.body, ['properties', 'template', 'resources', 0, 'name'])).toBe("[parameters('instanceName')]");
    expect(get(deployment.body, ['properties', 'parameters', 'instanceName', 'value'])).toBe('contoso-aio');
  });

  it('locates values of nested resources and nested deployments at their line, column and JSON pointer', () => {
    const text = fixtureText('arm/iot-template.json');
    const listener = one(file, 'microsoft.iotoperations/instances/brokers/listeners');
    const at = listener.locate(['properties', 'ports', 0, 'tls', 'mode']);
    expect(at.pointer).toBe('/resources/9/properties/template/resources/0/resources/0/resources/1/properties/ports/0/tls/mode');
    expect({ line: at.line, column: at.column }).toEqual(positionOf(text, '"mode": "Automatic"'));
    expect(at.file).toBe('arm/iot-template.json');

    const hub = one(file, 'microsoft.devices/iothubs');
    const auth = hub.locate(['properties', 'routing', 'endpoints', 'eventHubs', 0, 'authenticationType']);
    expect(auth).toEqual({ file: 'arm/iot-template.json', pointer: '/resources/0/properties/routing/endpoints/eventHubs/0/authenticationType', ...positionOf(text, '"authenticationType"') });
    // A resource's own location is where its object starts.
    expect(hub.location).toEqual({ file: 'arm/iot-template.json', pointer: '/resources/0', ...positionOf(text, '{\n      "type": "Microsoft.Devices/IotHubs"') });
    // A path below what the file holds is located at the nearest value that exists.
    const deeper = hub.locate(['properties', 'disableLocalAuth', 'not', 'there']);
    expect(deeper.pointer).toBe('/resources/0/properties/disableLocalAuth');
    expect({ line: deeper.line, column: deeper.column }).toEqual(positionOf(text, '"disableLocalAuth"'));
  });

  it('reads languageVersion 2.0 templates (resources keyed by symbolic name), skipping existing references', () => {
    const bicep = read('arm/bicep-symbolic.json');
    expect(bicep.format).toBe('arm');
    expect(bicep.resources.map((r) => [r.type, r.name])).toEqual([
      ['microsoft.devices/iothubs', 'fleet-hub'],
      ['microsoft.authorization/roleassignments', expect.any(Unresolved)],
    ]);
    const hub = bicep.resources[0]!;
    expect(hub.location.pointer).toBe('/resources/hub');
    expect((get(hub.body, ['properties', 'encryption', 'keyVaultProperties', 0, 'keyIdentifier']) as Unresolved).reason).toBe('reference() is known only when the template is deployed');
    expect(get(bicep.resources[1]!.body, ['properties', 'principalType'])).toBe('Group');
  });
});

describe('ARM expressions', () => {
  const scope: ArmScope = {
    parameter: (n) => (n === 'name' ? 'Hub' : new Unresolved('', `parameter '${n}' has no default value`)),
    variable: (n) => (n === 'obj' ? { a: [1, 2], 'b-c': 'x' } : new Unresolved('', `variable '${n}' is not declared in the template`)),
  };
  const cases: Array<[string, unknown]> = [
    ["[toLower(parameters('name'))]", 'hub'],
    ["[format('{0}-{1}', parameters('name'), 7)]", 'Hub-7'],
    ["[concat(createArray(1), createArray(2))]", [1, 2]],
    ["[variables('obj').a[1]]", 2],
    ["[variables('obj')['b-c']]", 'x'],
    ["[if(equals(parameters('name'), 'Hub'), 'yes', parameters('missing'))]", 'yes'],
    ["[concat('it''s ', 'quoted')]", "it's quoted"],
    ["[not(empty(createObject('k', true())))]", true],
    ["[json('{\"a\":1}').a]", 1],
    // The subscription and resource group are known only when deployed: the relative form stands in.
    ["[resourceId('Microsoft.Web/sites', parameters('name'))]", 'Microsoft.Web/sites/Hub'],
    ["[resourceId('Microsoft.EventHub/namespaces/eventhubs', 'ns', 'telemetry')]", 'Microsoft.EventHub/namespaces/ns/eventhubs/telemetry'],
    ["[resourceId('sub-1', 'rg-1', 'Microsoft.Devices/IotHubs', 'hub')]", '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Devices/IotHubs/hub'],
  ];
  it.each(cases)('%s', (expression, expected) => {
    expect(evaluateArmExpression(expression, scope)).toEqual(expected);
  });

  it('reads [[…] as a literal and leaves other bracketed text alone', () => {
    expect(resolveArmValue({ a: '[[literal]', b: '[[not closed', c: 'plain [x]' }, scope)).toEqual({ a: '[literal]', b: '[[not closed', c: 'plain [x]' });
  });

  it('explains what it cannot evaluate', () => {
    expect(evaluateArmExpression("[parameters('missing')]", scope)).toEqual(new Unresolved("[parameters('missing')]", "parameter 'missing' has no default value"));
    expect(evaluateArmExpression('[uniqueString(resourceGroup().id)]', scope)).toEqual(new Unresolved('[uniqueString(resourceGroup().id)]', 'uniqueString() is known only when the template is deployed'));
    expect((evaluateArmExpression("[resourceId('Microsoft.EventHub/namespaces/eventhubs', 'ns')]", scope) as Unresolved).reason).toMatch(/needs 2 names, it has 1/);
    expect((evaluateArmExpression("[resourceId('Microsoft.Web/sites', parameters('missing'))]", scope) as Unresolved).reason).toMatch(/no default value/);
    expect(evaluateArmExpression('[myns.fn()]', scope)).toEqual(new Unresolved('[myns.fn()]', 'myns.fn() is not evaluated offline'));
    expect((evaluateArmExpression("[concat('a', ]", scope) as Unresolved).reason).toMatch(/^the expression cannot be read/);
    expect((evaluateArmExpression("[format('{0:N2}', 1)]", scope) as Unresolved).reason).toMatch(/format specifier/);
  });
});

describe('Azure Resource Graph results', () => {
  it('reads one resource as az resource show / az iot hub show prints it, located from the top of the file', () => {
    const text = '{\n  "id": "/subscriptions/s1/resourceGroups/g1/providers/Microsoft.Devices/IotHubs/hub1",\n  "name": "hub1",\n  "type": "Microsoft.Devices/IotHubs",\n  "properties": {\n    "minTlsVersion": "1.2"\n  }\n}\n';
    const file = readDeploymentBytes(new TextEncoder().encode(text), 'hub-show.json', LIMIT);
    expect(file.format).toBe('resource-graph');
    expect(file.resources).toHaveLength(1);
    const hub = file.resources[0]!;
    expect([hub.type, hub.name, hub.id]).toEqual(['microsoft.devices/iothubs', 'hub1', '/subscriptions/s1/resourceGroups/g1/providers/Microsoft.Devices/IotHubs/hub1']);
    expect(hub.locate(['properties', 'minTlsVersion'])).toMatchObject({ line: 6, pointer: '/properties/minTlsVersion' });
    // An object with an id and a type that is not a resource id is no export.
    expect(diagnosticsOf(() => readDeploymentBytes(new TextEncoder().encode('{"id":"x","type":"y"}'), 'x.json', LIMIT))[0]!.code).toBe('deployment-format');
  });

  it('reads { count, data } output with ids, lower-case types and camelCase properties', () => {
    const file = read('resource-graph/resources.json');
    expect(file.format).toBe('resource-graph');
    expect(file.resources.map((r) => r.type)).toEqual([
      'microsoft.devices/iothubs',
      'microsoft.devices/provisioningservices',
      'microsoft.eventhub/namespaces',
      'microsoft.storage/storageaccounts',
      'microsoft.iotcentral/iotapps',
    ]);
    const hub = file.resources[0]!;
    expect(hub.name).toBe('contoso-hub');
    expect(hub.id).toBe('/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-iot/providers/Microsoft.Devices/IotHubs/contoso-hub');
    expect(get(hub.body, ['resourceGroup'])).toBe('rg-iot');
    expect(get(hub.body, ['properties', 'routing', 'endpoints', 'storageContainers', 0, 'authenticationType'])).toBe('keyBased');
    const text = fixtureText('resource-graph/resources.json');
    const at = hub.locate(['properties', 'authorizationPolicies', 1, 'rights']);
    expect(at).toEqual({ file: 'resource-graph/resources.json', pointer: '/data/0/properties/authorizationPolicies/1/rights', ...positionOf(text, '"rights"', 2) });
  });

  it('parses properties delivered as JSON text; values inside are located at the text', () => {
    const file = read('resource-graph/resources.json');
    const storage = one(file, 'microsoft.storage/storageaccounts');
    expect(get(storage.body, ['properties', 'minimumTlsVersion'])).toBe('TLS1_0');
    expect(get(storage.body, ['properties', 'allowBlobPublicAccess'])).toBe(true);
    const at = storage.locate(['properties', 'minimumTlsVersion']);
    expect(at.pointer).toBe('/data/3/properties');
    expect({ line: at.line, column: at.column }).toEqual(positionOf(fixtureText('resource-graph/resources.json'), '"properties": "{'));
  });

  it('reads a bare array of authorizationresources rows (role assignments)', () => {
    const file = read('resource-graph/role-assignments.json');
    expect(file.format).toBe('resource-graph');
    expect(file.resources).toHaveLength(2);
    const [hubScoped, subScoped] = file.resources as [DeployedResource, DeployedResource];
    expect(hubScoped.type).toBe('microsoft.authorization/roleassignments');
    expect(get(hubScoped.body, ['properties', 'principalType'])).toBe('ServicePrincipal');
    expect(get(hubScoped.body, ['properties', 'scope'])).toMatch(/\/IotHubs\/contoso-hub$/);
    expect(get(subScoped.body, ['properties', 'roleDefinitionId'])).toMatch(/b24988ac-6180-42a0-ab88-20f7382dd24c$/);
    expect(get(subScoped.body, ['properties', 'scope'])).toBe('/subscriptions/11111111-2222-3333-4444-555555555555');
    expect(hubScoped.location.pointer).toBe('/0');
  });

  it('takes an empty result as no resources', () => {
    const empty = readDeploymentBytes(new TextEncoder().encode('{"count":0,"data":[],"skip_token":null,"total_records":0}'), 'empty.json', LIMIT);
    expect(empty).toEqual({ file: 'empty.json', format: 'resource-graph', resources: [] });
  });

  it('says which row lost its id and type to a projection', () => {
    const [d, ...rest] = diagnosticsOf(() => read('resource-graph/projected-away.json'));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ file: 'resource-graph/projected-away.json', code: 'deployment-format', ...positionOf(fixtureText('resource-graph/projected-away.json'), '{ "name": "b"') });
  });
});

describe('Terraform JSON', () => {
  const plan = read('terraform/plan.json');

  it('reads planned_values of the root module and every child module, skipping data sources', () => {
    expect(plan.format).toBe('terraform');
    expect(plan.resources.map((r) => r.address)).toEqual([
      'azurerm_storage_account.archive',
      'azurerm_key_vault.kv',
      'azurerm_role_assignment.operator',
      'module.iot.azurerm_iothub.hub',
      'module.iot.azurerm_iothub_shared_access_policy.backend',
      'module.iot.azurerm_monitor_diagnostic_setting.hub',
      'module.iot.module.edge.azurerm_eventhub_namespace.edge',
    ]);
    const hub = plan.resources[3]!;
    expect(hub.type).toBe('azurerm_iothub');
    expect(hub.name).toBe('contoso-hub');
    expect(hub.id).toBeUndefined();
    expect(hub.body['local_authentication_enabled']).toBe(false);
    expect(get(hub.body, ['network_rule_set', 0, 'ip_rule', 0, 'ip_mask'])).toBe('10.0.0.0/24');
  });

  it('marks values known only after apply where the plan has none, and keeps the planned ones', () => {
    const hub = plan.resources[3]!;
    expect(hub.body['id']).toEqual(new Unresolved('known after apply', 'Terraform sets module.iot.azurerm_iothub.hub.id when the plan is applied'));
    expect(get(hub.body, ['identity', 0, 'principal_id'])).toBeInstanceOf(Unresolved);
    expect(get(hub.body, ['identity', 0, 'type'])).toBe('SystemAssigned');
    expect(hub.body['endpoint']).toBeInstanceOf(Unresolved);
    expect(hub.body['min_tls_version']).toBe('1.2');
    const role = one(plan, 'azurerm_role_assignment');
    expect(role.name).toEqual(new Unresolved('known after apply', 'Terraform sets azurerm_role_assignment.operator.name when the plan is applied'));
    expect(role.body['scope']).toBeInstanceOf(Unresolved);
    expect(role.body['principal_id']).toBe('22222222-0000-0000-0000-000000000001');
    // `tags: null` is planned as null and not marked unknown: it stays null.
    expect(one(plan, 'azurerm_storage_account').body['tags']).toBeNull();
    // The parsed file is not changed: a second read gives the same.
    expect(read('terraform/plan.json').resources[3]!.body).toEqual(hub.body);
  });

  it('keeps configuration references, module path prefixed, through module outputs, without variables', () => {
    const byAddress = new Map(plan.resources.map((r) => [r.address, r.references]));
    expect(byAddress.get('module.iot.azurerm_iothub_shared_access_policy.backend')).toEqual({ iothub_name: ['module.iot.azurerm_iothub.hub'] });
    expect(byAddress.get('module.iot.azurerm_monitor_diagnostic_setting.hub')).toEqual({ target_resource_id: ['module.iot.azurerm_iothub.hub'] });
    expect(byAddress.get('azurerm_role_assignment.operator')).toEqual({
      principal_id: ['data.azurerm_client_config.current'],
      scope: ['module.iot.azurerm_iothub.hub'],
    });
    expect(byAddress.get('azurerm_storage_account.archive')).toBeUndefined();
    expect(byAddress.get('module.iot.module.edge.azurerm_eventhub_namespace.edge')).toBeUndefined();
  });

  it('locates values in child modules', () => {
    const text = fixtureText('terraform/plan.json');
    const edge = one(plan, 'azurerm_eventhub_namespace');
    const at = edge.locate(['local_authentication_enabled']);
    expect(at).toEqual({
      file: 'terraform/plan.json',
      pointer: '/planned_values/root_module/child_modules/0/child_modules/0/resources/0/values/local_authentication_enabled',
      ...positionOf(text, '"local_authentication_enabled": true'),
    });
    // An attribute only after_unknown knows about is located at the resource's values.
    const hub = one(plan, 'azurerm_iothub');
    expect(hub.locate(['endpoint']).pointer).toBe('/planned_values/root_module/child_modules/0/resources/0/values');
  });

  it('reads state (values.root_module) with ids, indexed resources and no data sources', () => {
    const state = read('terraform/state.json');
    expect(state.format).toBe('terraform');
    expect(state.resources.map((r) => [r.address, r.name])).toEqual([
      ['azurerm_private_endpoint.hub', 'contoso-hub-pe'],
      ['azurerm_security_center_subscription_pricing.iot', expect.any(Unresolved)],
      ['module.iot.azurerm_iothub.hub', 'contoso-hub'],
      ['module.iot.azurerm_iothub_consumer_group.cg["analytics"]', 'analytics'],
    ]);
    expect((state.resources[1]!.name as Unresolved).reason).toBe('azurerm_security_center_subscription_pricing has no name attribute');
    expect(state.resources[1]!.body['tier']).toBe('Standard');
    const hub = state.resources[2]!;
    expect(hub.id).toBe('/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-iot/providers/Microsoft.Devices/IotHubs/contoso-hub');
    expect(get(hub.body, ['endpoint', 0, 'authentication_type'])).toBe('keyBased');
    expect(hub.references).toBeUndefined();
    expect(state.resources.every((r) => r.format === 'terraform')).toBe(true);
  });
});

describe('bad input', () => {
  it('malformed JSON is one located error', () => {
    const text = fixtureText('arm/malformed.json');
    const diagnostics = diagnosticsOf(() => read('arm/malformed.json'));
    expect(diagnostics).toEqual([
      { file: 'arm/malformed.json', ...positionOf(text, '{ "type": "Microsoft.Storage'), severity: 'error', code: 'json-syntax', message: "expected ',' or ']'" },
    ]);
    expect(diagnostics[0]).toMatchObject({ line: 5, column: 5 });
  });

  it('JSON of another shape is a located error naming the three formats', () => {
    const [d, ...rest] = diagnosticsOf(() => read('arm/not-an-export.json'));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ file: 'arm/not-an-export.json', line: 1, column: 1, code: 'deployment-format', message: 'not a deployment export this tool reads' });
    expect(d!.hint).toMatch(/ARM template/);
    expect(d!.hint).toMatch(/Azure Resource Graph/);
    expect(d!.hint).toMatch(/Terraform/);
    for (const other of ['[1, 2]', '"text"', '{"resources": []}']) {
      expect(diagnosticsOf(() => readDeploymentBytes(new TextEncoder().encode(other), 'x.json', LIMIT))[0]!.code).toBe('deployment-format');
    }
  });

  const bad: Array<[string, string | Uint8Array, string, { line: number; column: number }]> = [
    // At the line break that ends the line before the closing quote.
    ['an unterminated string', '{\n  "a": "b\n}', 'json-syntax', { line: 2, column: 10 }],
    ['a string cut off by the end of the file', '{"a": "b\\"', 'json-syntax', { line: 1, column: 7 }],
    ['a truncated file', '{\n  "resources": [\n', 'json-syntax', { line: 3, column: 1 }],
    ['trailing text', '{}\n{}', 'json-syntax', { line: 2, column: 1 }],
    ['a duplicate key', '{\n  "a": 1,\n  "a": 2\n}', 'duplicate-key', { line: 3, column: 3 }],
    ['an invalid escape', '{"a": "\\x"}', 'json-syntax', { line: 1, column: 8 }],
    ['an empty file', '  \n', 'empty', { line: 2, column: 1 }],
    ['an unclosed comment', '{} /* x', 'json-syntax', { line: 1, column: 4 }],
    ['bad UTF-8', new Uint8Array([0x7b, 0x0a, 0x22, 0xff, 0x22, 0x7d]), 'not-utf8', { line: 2, column: 2 }],
    ['UTF-16', new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), 'not-utf8', { line: 1, column: 1 }],
    ['binary data', new Uint8Array([0x7b, 0x22, 0x61, 0, 0x22, 0x7d]), 'binary', { line: 1, column: 1 }],
    ['nesting too deep', '['.repeat(300) + ']'.repeat(300), 'too-deep', { line: 1, column: 257 }],
  ];
  it.each(bad)('%s is a located error', (_what, input, code, at) => {
    const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    const diagnostics = diagnosticsOf(() => readDeploymentBytes(bytes, 'bad.json', LIMIT));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'bad.json', severity: 'error', code, ...at });
  });

  it('refuses a file above the limit before reading it', () => {
    const d = diagnosticsOf(() => readDeploymentBytes(new TextEncoder().encode('{"count":0,"data":[]}'), 'big.json', 10));
    expect(d[0]).toMatchObject({ code: 'too-large', line: 1, column: 1 });
  });

  it('never echoes the file content in a message (exports hold keys)', () => {
    const secret = 'SharedAccessKey=c2VjcmV0';
    for (const text of [`{"a": "${secret}" "b"}`, `{"${secret}": 1, "${secret}": 2}`, `{"a": ${secret}}`]) {
      const d = diagnosticsOf(() => readDeploymentBytes(new TextEncoder().encode(text), 'k.json', LIMIT));
      expect(JSON.stringify(d)).not.toContain('c2VjcmV0');
    }
  });
});

describe('the JSON parser', () => {
  it('gives the same value as JSON.parse, __proto__ keys as own properties', () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n\\"x\\""],"__proto__":{"polluted":1},"b":{}}';
    const doc = parseJsonText(text, 'p.json');
    expect(doc.value).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(doc.value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(doc.value as object)).toEqual(['a', '__proto__', 'b']);
  });

  it('accepts comments, as ARM does, and escapes ~ and / in pointers', () => {
    const doc = parseJsonText('// exported\n{ /* x */ "a/b": { "c~d": 1 } }', 'c.json');
    expect(doc.locate(['a/b', 'c~d'])).toEqual({ file: 'c.json', line: 2, column: 20, pointer: '/a~1b/c~0d' });
  });

  it('reads a 20 MB Resource Graph export in well under the time the YAML parser needs', () => {
    const row = (i: number) => ({ id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Devices/IotHubs/hub${i}`, name: `hub${i}`, type: 'microsoft.devices/iothubs', properties: { disableLocalAuth: i % 2 === 0, minTlsVersion: '1.2', authorizationPolicies: [{ keyName: 'iothubowner', rights: 'RegistryWrite, ServiceConnect, DeviceConnect' }], routing: { endpoints: { eventHubs: [{ name: 'e', authenticationType: 'identityBased' }] } } } });
    const text = JSON.stringify({ count: 30000, data: Array.from({ length: 30000 }, (_, i) => row(i)) }, null, 2);
    expect(text.length).toBeGreaterThan(20e6);
    const started = performance.now();
    const file = readDeploymentBytes(new TextEncoder().encode(text), 'big.json', 64 * 1024 * 1024);
    const seconds = (performance.now() - started) / 1000;
    expect(file.resources).toHaveLength(30000);
    expect(file.resources[29999]!.locate(['properties', 'minTlsVersion']).pointer).toBe('/data/29999/properties/minTlsVersion');
    // The YAML parser took 6.8 s for this size on the same machine; a shared CI runner gets a wide margin.
    expect(seconds).toBeLessThan(5);
  });
});
