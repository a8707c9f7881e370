// The solution model as users write it. Every property except ids and references is optional:
// an unstated property is *unknown* to the engine, never assumed secure.
import { z } from 'zod';
import { hasInvisibles } from '../util/text.js';

/** Asks for the refused text to be quoted in the message (see structureDiagnostics). */
const SHOW_VALUE = { showValue: true };

/**
 * Ids are compared after NFC normalisation ('café' typed either way is one id) and may not hold invisible
 * characters (zero-width, bidirectional controls): two ids that print alike must be the same id.
 */
const identifier = () =>
  z
    .string()
    .min(1)
    .max(200)
    .refine((s) => !hasInvisibles(s), { message: 'an id may not hold invisible characters (zero-width or bidirectional controls)', params: SHOW_VALUE })
    .normalize('NFC');
const id = identifier().describe('Identifier, unique across all elements of the model');
const ref = identifier();
/** True for a real calendar date written YYYY-MM-DD (not 2024-02-31). */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const date = z
  .string()
  .refine(isIsoDate, { message: 'expected a calendar date written YYYY-MM-DD', params: SHOW_VALUE })
  .describe('A date, YYYY-MM-DD');
const text = z.string().max(10_000);
const flag = (description: string) => z.boolean().describe(description);

/** TLS versions: users write "1.2" or 1.2; both mean the string "1.2". */
const tlsVersion = z
  .union([z.enum(['1.0', '1.1', '1.2', '1.3']), z.literal(1), z.literal(1.1), z.literal(1.2), z.literal(1.3)])
  .transform((v) => (typeof v === 'number' ? v.toFixed(1) : v));

export const ARCHITECTURES = ['cloud', 'edge'] as const;

export const Solution = z.strictObject({
  name: z.string().min(1).max(200).describe('Name of the solution, shown on the report'),
  // A number such as 3.10 would silently become "3.1": only whole numbers may be written unquoted.
  version: z
    .union([z.string().max(100), z.number().int().min(0)], { error: 'write the version as a quoted string, e.g. "3.10" (a YAML number loses digits)' })
    .transform(String)
    .optional()
    .describe('Version of the solution; quote versions such as "3.10"'),
  owner: z.string().max(200).optional(),
  description: text.optional(),
  architecture: z
    .union([z.enum(ARCHITECTURES), z.array(z.enum(ARCHITECTURES)).min(1)])
    .optional()
    .describe('Which tab of "Secure your IoT solutions" applies: cloud, edge, or both'),
  environment: z
    .enum(['production', 'staging', 'development', 'test'])
    .optional()
    .describe('Lifecycle stage; some guidance applies to production only (e.g. no software TPM)'),
  practices: z
    .strictObject({
      secureDevelopment: flag('A secure development lifecycle (e.g. Microsoft SDL) is followed'),
      ossReviewed: flag('Open-source components are chosen with care (active community, supported)'),
      integrationReviewed: flag('All interfaces of integrated components are checked for security flaws'),
      manufacturerGuidance: flag("Device manufacturers' security and deployment guidance is followed"),
      riskAssessment: flag('Design choices were evaluated through a risk/cost assessment'),
      cliEntraAuth: flag('Azure CLI commands against IoT Hub run with --auth-type login (Microsoft Entra ID), not shared access keys'),
    })
    .partial()
    .optional()
    .describe('Attestations about how the solution is built and operated'),
});

export const Boundary = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  kind: z.enum(['site', 'network', 'cloud', 'internet']).optional(),
  inside: ref.optional().describe('Id of the enclosing boundary'),
});

/**
 * A cloud identity in the IoT Hub / IoT Central identity registry: a device's, and an edge gateway's (an IoT Edge
 * device registers like any device, with its own X.509, TPM or symmetric-key credential).
 */
export const RegistryIdentity = z
  .strictObject({
    method: z
      .enum(['x509-ca', 'x509-self-signed', 'symmetric-key', 'tpm', 'none'])
      .describe('How the device (or IoT Edge device) authenticates; none: no identity of its own (e.g. a PLC reached through a protocol-translating gateway that connects on its behalf)'),
    keyScope: z.enum(['per-device', 'group-derived', 'shared']),
    storage: z.enum(['hsm', 'tpm', 'secure-element', 'file']),
    softwareTpm: flag('The TPM is software-emulated'),
    rotationDays: z.number().int().min(0).describe('Days between credential rotations (0: never)'),
    tokenTtlMinutes: z.number().int().min(0).describe('Lifetime of SAS tokens the device generates'),
    provisioning: z.enum(['dps', 'manual']),
    enrollment: z.enum(['group', 'individual', 'none']),
    enrollmentGroup: ref.describe('Id of an enrollment group of a service'),
    certificateCnMatchesId: flag('The device certificate subject CN equals the device id'),
    revocable: flag('The device identity can be disabled or blocked in the registry'),
  })
  .partial();

/** Source folders or files of the element's code (relative to the model file), scanned for evidence by `assess`. */
const code = z
  .union([z.string().min(1).max(1000), z.array(z.string().min(1).max(1000)).min(1).max(100)])
  .transform((v) => (typeof v === 'string' ? [v] : v))
  .optional()
  .describe('Folders or files of this element\'s source code, relative to the model file; assess scans them for evidence (see iotsec scan)');

/** Ties a service (or an Azure IoT Operations instance) to its deployed resource, when names alone cannot. */
const azureResourceId = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/.+$/i, 'an Azure resource id: /subscriptions/<id>/resourceGroups/<group>/providers/<namespace>/<type>/<name>')
  .optional()
  .describe('Azure resource id of the deployed resource; deployment evidence (--deployment) matches on it first');
const resourceName = z
  .string()
  .min(1)
  .max(260)
  .optional()
  .describe('Name of the deployed Azure resource (e.g. iot-nf-coldchain-weu); deployment evidence matches on it when no azureResourceId is given');

export const Device = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  boundary: ref.optional(),
  count: z.number().int().min(0).optional().describe('Fleet size'),
  kind: z.enum(['sensor', 'actuator', 'gateway', 'legacy', 'constrained']).optional(),
  code,
  deployment: z
    .enum(['public', 'supervised', 'secured'])
    .optional()
    .describe('Physical exposure: public spaces, supervised sites, or secured rooms'),
  hardware: z
    .strictObject({
      tpm: flag('Has a discrete, firmware or integrated TPM'),
      hsm: flag('Has a hardware security module or secure element'),
      secureBoot: flag('Boots only signed firmware'),
      tamperDetection: flag('Detects physical tampering and reports it'),
      encryptedStorage: flag('Storage is encrypted at rest'),
      unusedInterfacesDisabled: flag('Hardware scoped to minimum: unused ports and interfaces removed or disabled'),
    })
    .partial()
    .optional(),
  identity: RegistryIdentity.optional(),
  tls: z
    .strictObject({
      minVersion: tlsVersion,
      strongCiphersOnly: flag('Only strong cipher suites are offered'),
      rootCaUpdatable: flag('The trusted TLS root certificates can be updated in the field'),
    })
    .partial()
    .optional(),
  software: z
    .strictObject({
      sdk: z.enum(['azure-iot', 'other', 'custom']),
      updates: z.enum(['device-update', 'custom', 'none']),
      signedUpdates: flag('Updates are cryptographically signed and verified before install'),
      patched: flag('OS, runtimes and SDKs are kept up to date with security patches'),
      antimalware: flag('Antivirus / anti-malware runs on the device'),
      secureDevelopment: flag('Device software follows a secure development lifecycle'),
      ossReviewed: flag('Open-source components are chosen with care'),
      manufacturerGuidance: flag("The manufacturer's security and deployment guidance is followed"),
    })
    .partial()
    .optional(),
  monitoring: z
    .strictObject({
      securityAudit: flag('Security events are logged and sent as a separate stream to the cloud'),
      defender: flag('Microsoft Defender for IoT monitors the device'),
    })
    .partial()
    .optional(),
});

export const BrokerAuthMethod = z.enum(['x509', 'service-account-token', 'password', 'none']);

export const Edge = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  boundary: ref.optional(),
  runtime: z.enum(['iot-edge', 'iot-operations', 'custom']).optional(),
  code,
  azureResourceId,
  resourceName,
  gatewayFor: z.array(ref).optional().describe('Ids of devices that connect through this edge'),
  identity: RegistryIdentity.optional().describe(
    "The edge's own device identity in IoT Hub: an IoT Edge device (or a custom gateway) registers like any device. An Azure IoT Operations cluster authenticates with its managed identity instead (cloudIdentity, secrets)",
  ),
  upgrades: z.enum(['manual', 'auto', 'none']).optional(),
  patched: flag('Cluster and runtime run the latest patches and minor releases').optional(),
  imageSigning: flag('Container and Helm images are verified as signed before deployment').optional(),
  broker: z
    .strictObject({
      authentication: z.array(BrokerAuthMethod).min(1),
      authorization: z.enum(['least-privilege', 'broad', 'none']),
      internalEncryption: flag('Traffic between broker frontend and backend pods is encrypted'),
      listenerTls: z.enum(['automatic', 'manual', 'none']),
    })
    .partial()
    .optional(),
  ca: z.enum(['default', 'enterprise']).optional().describe('Issuer of TLS certificates: default self-signed root or own CA/PKI'),
  certificateManagement: z
    .enum(['automated', 'manual'])
    .optional()
    .describe('How certificates between assets and the edge runtime are issued, renewed and revoked: by a certificate manager (e.g. cert-manager in Azure IoT Operations) or by hand'),
  secrets: z.enum(['key-vault', 'kubernetes', 'file']).optional(),
  cloudIdentity: z
    .enum(['user-assigned', 'system-assigned', 'secret'])
    .optional()
    .describe('How the edge authenticates its cloud connections'),
  networkSegmented: flag('Isolated from other network resources by segmentation and firewalls').optional(),
  egressAllowlist: flag('Outbound traffic goes through an enterprise firewall/proxy allowlist').optional(),
  observability: flag('Observability resources and logs are deployed').optional(),
  defender: flag('Defender for IoT / Defender for Containers monitors the edge').optional(),
  encryptedStorage: flag('Edge storage is encrypted at rest').optional(),
  assetRbac: flag('Access to assets and asset endpoints is controlled with Azure RBAC').optional(),
  opcua: z.strictObject({ trustedServersOnly: flag('Sessions only with explicitly trusted OPC UA servers') }).partial().optional(),
});

export const SERVICE_TYPES = [
  'iot-hub', 'iot-central', 'dps', 'event-hubs', 'service-bus', 'storage', 'cosmos-db', 'stream-analytics',
  'data-explorer', 'functions', 'app-service', 'logic-apps', 'key-vault', 'other',
] as const;

export const SAS_PERMISSIONS = ['RegistryRead', 'RegistryReadWrite', 'ServiceConnect', 'DeviceConnect'] as const;

export const EnrollmentGroup = z.strictObject({
  id,
  attestation: z.enum(['x509', 'sas']).optional(),
  certificate: z.string().max(500).optional().describe('Name or thumbprint of the group certificate'),
  certificateSource: z
    .enum(['provider', 'self-generated', 'test'])
    .optional()
    .describe('Where the group certificate comes from; test certificates are for testing only'),
  autoGenerateKeys: flag('IoT Central generates the group SAS keys').optional(),
});

export const SharedAccessPolicy = z.strictObject({
  name: z.string().min(1).max(200),
  permissions: z.array(z.enum(SAS_PERMISSIONS)).optional(),
  usedBy: z.array(ref).optional().describe('Ids of principals that use this policy'),
});

export const Export = z.strictObject({
  to: ref,
  auth: z.enum(['managed-identity', 'service-principal', 'connection-string']).optional(),
});

export const Service = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  boundary: ref.optional(),
  type: z.enum(SERVICE_TYPES).optional(),
  code,
  azureResourceId,
  resourceName,
  publicNetworkAccess: flag('Public network endpoints are enabled').optional(),
  privateEndpoint: flag('Reached through an Azure Private Link private endpoint').optional(),
  ipFilter: flag('IP filter rules restrict access to trusted sources').optional(),
  minTls: tlsVersion.optional(),
  localAuth: flag('Shared access policies / SAS keys / connection strings are accepted').optional(),
  entraAuth: flag('Microsoft Entra ID and Azure RBAC are used for service API access').optional(),
  diagnostics: flag('Diagnostic (resource) logs go to Azure Monitor').optional(),
  monitoring: flag('Health metrics are monitored in Azure Monitor').optional(),
  defender: flag('Microsoft Defender for IoT / for Cloud covers the service').optional(),
  customerManagedKey: flag('Data at rest is encrypted with a customer-managed key').optional(),
  auditLogs: flag('Audit logs are enabled and reviewed').optional(),
  organizations: flag('IoT Central organizations restrict which users see which devices').optional(),
  multiTenant: flag('The application serves several customers or tenants').optional(),
  customRoles: flag('Custom roles grant finer-grained permissions than the built-in ones').optional(),
  deviceRevocation: flag('Device identities can be disabled or blocklisted in the identity registry').optional(),
  linkedHubs: z.array(ref).optional().describe('For DPS: ids of linked IoT hubs'),
  enrollmentGroups: z.array(EnrollmentGroup).optional(),
  sharedAccessPolicies: z.array(SharedAccessPolicy).optional(),
  exports: z.array(Export).optional(),
  practices: z
    .strictObject({
      secureDevelopment: flag("The service's own code follows a secure development lifecycle (e.g. Microsoft SDL)"),
      ossReviewed: flag('Open-source components in the service are chosen with care (active community, supported)'),
      integrationReviewed: flag('All interfaces of components the service integrates are checked for security flaws'),
      cliEntraAuth: flag('Azure CLI commands against this IoT hub run with --auth-type login (Microsoft Entra ID), not shared access keys'),
    })
    .partial()
    .optional()
    .describe('Attestations about one service (e.g. the code a custom back end runs); a stated value overrides solution.practices'),
});

export const Assignment = z.strictObject({
  role: z.string().min(1).max(200),
  scope: z.enum(['resource', 'resource-group', 'subscription', 'management-group']).optional(),
  on: ref.optional().describe('Id of the service the assignment grants access to'),
  actions: z.array(z.string().max(300)).optional().describe('Actions of a custom role'),
});

export const Principal = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  kind: z.enum(['user', 'group', 'service-principal', 'managed-identity', 'api-token']).optional(),
  objectId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a GUID (the object id of the user, group or service principal in Microsoft Entra ID)')
    .optional()
    .describe('Object (principal) id in Microsoft Entra ID; deployment evidence matches role assignments on it'),
  expires: date.optional(),
  mfa: flag('The user signs in with multifactor authentication').optional(),
  runsOn: ref.optional().describe('Id of the Azure service hosting this application, if any'),
  assignments: z.array(Assignment).optional(),
});

export const Flow = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  from: ref,
  to: ref,
  protocol: z.enum(['mqtt', 'mqtt-ws', 'amqp', 'amqp-ws', 'https', 'opc-ua', 'modbus', 'other']).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  tls: z.union([z.literal('none'), tlsVersion]).optional(),
  securityMode: z
    .enum(['none', 'sign', 'sign-and-encrypt'])
    .optional()
    .describe('For OPC UA: the secure channel security mode (None, Sign, SignAndEncrypt); OPC UA does not use the tls property'),
  auth: z.enum(['x509', 'sas', 'entra', 'managed-identity', 'connection-string', 'api-token', 'none']).optional(),
  network: z.enum(['internet', 'private-link', 'vnet', 'lan']).optional(),
  data: z.array(z.enum(['telemetry', 'commands', 'firmware', 'credentials', 'personal'])).optional(),
});

export const RiskDecision = z.strictObject({
  control: ref.optional().describe('Control id the decision is about'),
  threat: ref.optional().describe('Threat id the decision is about'),
  element: ref.optional().describe('Element id; all elements when omitted'),
  status: z.enum(['accepted', 'mitigated', 'false-positive']),
  justification: z.string().min(1).max(10_000),
  owner: z.string().max(200).optional(),
  expires: date.optional(),
  ticket: z.string().min(1).max(500).optional().describe('Where the decision is tracked: a URL or an issue key (e.g. SEC-123)'),
  approvedBy: z.string().min(1).max(200).optional().describe('Who approved the decision'),
  reviewBy: date.optional().describe('Date by which the decision is to be reviewed (before it expires)'),
});

export const SolutionModel = z
  .strictObject({
    solution: Solution,
    boundaries: z.array(Boundary).optional(),
    devices: z.array(Device).optional(),
    edges: z.array(Edge).optional(),
    services: z.array(Service).optional(),
    principals: z.array(Principal).optional(),
    flows: z.array(Flow).optional(),
    risks: z.array(RiskDecision).optional(),
    deployment: z
      .union([z.string().min(1).max(1000), z.array(z.string().min(1).max(1000)).min(1).max(100)])
      .transform((v) => (typeof v === 'string' ? [v] : v))
      .optional()
      .describe('Deployment exports read as evidence by assess, relative to the model file: ARM/Bicep JSON, Azure Resource Graph results, Terraform plan/state JSON'),
  })
  .describe('An IoT solution described for iotsec');

export type SolutionModel = z.output<typeof SolutionModel>;
export type Device = z.output<typeof Device>;
export type Edge = z.output<typeof Edge>;
export type Service = z.output<typeof Service>;
export type Principal = z.output<typeof Principal>;
export type Flow = z.output<typeof Flow>;
export type Boundary = z.output<typeof Boundary>;
export type RiskDecision = z.output<typeof RiskDecision>;
export type EnrollmentGroup = z.output<typeof EnrollmentGroup>;
