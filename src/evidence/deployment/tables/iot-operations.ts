// Azure IoT Operations (Microsoft.IoTOperations, API 2024-11-01): the instance is the model's edge
// (runtime iot-operations); its broker's authentications, listeners and authorizations are about that edge.
// Child names are 'instance/broker/child'. No azurerm resources exist for these (azapi only).
import type { ResourceRef } from '../observation.js';
import type { DeployedResource } from '../resource.js';
import { brokerAuthMethods, brokerAuthorization, listenerTls, text } from './converters.js';
import { topName } from './refs.js';
import type { ResourceTable } from './table.js';

const INSTANCE = 'microsoft.iotoperations/instances';

function instanceOf(resource: DeployedResource): ResourceRef | string {
  const name = topName(resource);
  return typeof name === 'string' ? { name, type: INSTANCE } : `its name is ${name.expression}, which cannot be resolved offline: ${name.reason}`;
}

export const iotOperationsInstance: ResourceTable = {
  label: 'Azure IoT Operations instance',
  arm: INSTANCE,
  element: { kind: 'edge', runtime: 'iot-operations' },
  rows: [],
};

export const iotOperationsAuthentication: ResourceTable = {
  label: 'IoT Operations broker authentication',
  arm: `${INSTANCE}/brokers/authentications`,
  target: instanceOf,
  rows: [
    { property: 'broker.authentication', words: 'the MQTT broker authenticates clients with {}', arm: { path: 'properties.authenticationMethods', read: brokerAuthMethods } },
  ],
};

export const iotOperationsListener: ResourceTable = {
  label: 'IoT Operations broker listener',
  arm: `${INSTANCE}/brokers/listeners`,
  target: instanceOf,
  rows: [
    { property: 'broker.listenerTls', words: 'the MQTT broker listener TLS is {}', arm: { path: 'properties.ports', read: listenerTls } },
  ],
};

export const iotOperationsAuthorization: ResourceTable = {
  label: 'IoT Operations broker authorization',
  arm: `${INSTANCE}/brokers/authorizations`,
  target: instanceOf,
  rows: [
    { property: 'broker.authorization', words: 'the MQTT broker authorization is {}', arm: { path: 'properties.authorizationPolicies.rules', read: brokerAuthorization } },
  ],
};

/** Dataflow endpoints say how the edge authenticates to each destination; the model has one cloudIdentity per edge, so these are notes. */
const ENDPOINT_SETTINGS = ['dataExplorerSettings', 'dataLakeStorageSettings', 'fabricOneLakeSettings', 'kafkaSettings', 'localStorageSettings', 'mqttSettings', 'openTelemetrySettings'];

export const iotOperationsDataflowEndpoint: ResourceTable = {
  label: 'IoT Operations dataflow endpoint',
  arm: `${INSTANCE}/dataflowendpoints`,
  target: instanceOf,
  rows: ENDPOINT_SETTINGS.map((settings) => ({
    note: 'dataflowEndpointAuth',
    words: `a dataflow endpoint (${settings.replace(/Settings$/, '')}) authenticates with {}`,
    arm: { path: `properties.${settings}.authentication.method`, read: text },
  })),
};
