// Words the report uses for codes: statuses, severities, kinds, STRIDE letters, areas.
// One table per code list, so templates and the view model never spell them twice.
import type { Area, Severity, StrideLetter } from '../catalog/control.js';
import type { ElementKind } from '../model/elements.js';
import type { ControlStatus } from '../engine/status.js';

export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

export const STATUS_LABEL: Record<ControlStatus, string> = {
  gap: 'Gap',
  unknown: 'Unknown',
  accepted: 'Accepted',
  met: 'Met',
  'not-applicable': 'Not applicable',
};

export const STATUS_MEANING: Record<ControlStatus, string> = {
  gap: 'The model states a property that fails the requirement.',
  unknown: 'The model does not state what the requirement needs; it is never assumed secure.',
  accepted: 'A live risk decision (accepted, mitigated or false positive) covers a gap or an unknown.',
  met: 'The model states properties that satisfy the requirement.',
  'not-applicable': 'The control does not apply to the element (its condition or the architecture excludes it).',
};

export const THREAT_STATUS_LABEL: Record<string, string> = {
  open: 'Open',
  unverified: 'Unverified',
  accepted: 'Accepted',
  mitigated: 'Mitigated',
};

export const THREAT_STATUS_MEANING: Record<string, string> = {
  open: 'At least one mitigating control has a gap, or no mitigating control applies and nothing else shows the threat mitigated.',
  unverified: 'No mitigating control has a gap, but some are unknown (or the model does not say enough to tell).',
  accepted: 'A live risk decision covers the threat, or every gap and unknown of its controls.',
  mitigated: 'Every applicable mitigating control is met, or the element’s own properties show the threat mitigated.',
};

export const KIND_LABEL: Record<ElementKind, string> = {
  solution: 'Solution',
  boundary: 'Trust boundary',
  device: 'Device',
  edge: 'Edge',
  service: 'Service',
  'enrollment-group': 'Enrollment group',
  principal: 'Principal',
  flow: 'Flow',
};

export const AREA_LABEL: Record<Area, string> = {
  device: 'Device security',
  connection: 'Connection security',
  edge: 'Edge security',
  cloud: 'Cloud security',
};

export const STRIDE_LABEL: Record<StrideLetter, string> = {
  S: 'Spoofing',
  T: 'Tampering',
  R: 'Repudiation',
  I: 'Information disclosure',
  D: 'Denial of service',
  E: 'Elevation of privilege',
};

export const DECISION_LABEL: Record<string, string> = {
  accepted: 'Accepted',
  mitigated: 'Mitigated',
  'false-positive': 'False positive',
};

export const DECISION_STATE_LABEL: Record<string, string> = {
  live: 'Live',
  expired: 'Expired',
  unmatched: 'Matches nothing',
};

export const SERVICE_TYPE_LABEL: Record<string, string> = {
  'iot-hub': 'IoT Hub',
  'iot-central': 'IoT Central',
  dps: 'Device Provisioning Service',
  'event-hubs': 'Event Hubs',
  'service-bus': 'Service Bus',
  storage: 'Storage',
  'cosmos-db': 'Cosmos DB',
  'stream-analytics': 'Stream Analytics',
  'data-explorer': 'Data Explorer',
  functions: 'Functions',
  'app-service': 'App Service',
  'logic-apps': 'Logic Apps',
  'key-vault': 'Key Vault',
  other: 'Service',
};

export const PROTOCOL_LABEL: Record<string, string> = {
  mqtt: 'MQTT',
  'mqtt-ws': 'MQTT/WS',
  amqp: 'AMQP',
  'amqp-ws': 'AMQP/WS',
  https: 'HTTPS',
  'opc-ua': 'OPC UA',
  modbus: 'Modbus',
  other: 'other',
};

export const AUTH_LABEL: Record<string, string> = {
  x509: 'X.509',
  sas: 'SAS',
  entra: 'Entra ID',
  'managed-identity': 'managed identity',
  'connection-string': 'connection string',
  'api-token': 'API token',
  none: 'no auth',
};

export const FRAMEWORK_SHORT: Record<string, string> = {
  'etsi-en-303-645': 'ETSI EN 303 645',
  'nist-ir-8259a': 'NIST IR 8259A',
  'iec-62443-4-2': 'IEC 62443-4-2',
  mcsb: 'MCSB',
  'owasp-isvs': 'OWASP ISVS',
  'owasp-iot-top10': 'OWASP IoT Top 10',
  'eu-cra': 'EU CRA Annex I',
  'en-18031-1': 'EN 18031-1',
};
