// Plain-English words for every model property: a label for reasons ("the minimum TLS version is TLS 1.0"),
// a question for the architect when the model leaves the property unstated, and words for enum values.
// Pure data; the report decides where and how they are shown. Keys are `${kind}:${dotted path}` with list
// indexes removed; `$name` keys are derived facts of the engine (src/engine/context.ts, FACTS).
import type { ElementKind } from './elements.js';
import { ELEMENT_KINDS } from './elements.js';
import { allOf, formatNumber } from '../util/words.js';

export interface PropertyWords {
  /** Readable noun phrase, lower case, no property paths, no camelCase, no jargon: e.g. 'where the device credential is stored', 'the minimum TLS version', 'multifactor sign-in'. Must fit "<label> is not stated in the model" and "<label> is X". */
  label: string;
  /** A question the architect can answer, ending in '?', e.g. 'Where is the device credential stored: in a TPM, an HSM, a secure element, or a file?' For booleans a yes/no question: 'Does the device boot only signed firmware (secure boot)?' */
  question: string;
  /** Optional readable words for enum values: { 'x509-ca': 'X.509 certificates from a CA', file: 'a file' }. */
  values?: Record<string, string>;
}

type Table = Record<string, PropertyWords>;

const w = (label: string, question: string, values?: Record<string, string>): PropertyWords =>
  values === undefined ? { label, question } : { label, question, values };

/** Prefixes every key of a group with `${kind}:${prefix}`. */
function under(kind: ElementKind, prefix: string, group: Table): Table {
  const out: Table = {};
  for (const [k, v] of Object.entries(group)) out[`${kind}:${prefix}${k}`] = v;
  return out;
}

// ---- Shared value words ---------------------------------------------------------------------------------

const TLS_VERSIONS = { '1.0': 'TLS 1.0', '1.1': 'TLS 1.1', '1.2': 'TLS 1.2', '1.3': 'TLS 1.3' };

const KIND_WORDS: Record<ElementKind, string> = {
  solution: 'the solution',
  boundary: 'a trust boundary',
  device: 'a device',
  edge: 'an edge runtime',
  service: 'a cloud service',
  'enrollment-group': 'an enrollment group',
  principal: 'a user or application',
  flow: 'a data flow',
};

const SERVICE_TYPE_WORDS = {
  'iot-hub': 'IoT Hub',
  'iot-central': 'IoT Central',
  dps: 'Device Provisioning Service',
  'event-hubs': 'Event Hubs',
  'service-bus': 'Service Bus',
  storage: 'Azure Storage',
  'cosmos-db': 'Azure Cosmos DB',
  'stream-analytics': 'Stream Analytics',
  'data-explorer': 'Azure Data Explorer',
  functions: 'Azure Functions',
  'app-service': 'App Service',
  'logic-apps': 'Logic Apps',
  'key-vault': 'Key Vault',
  other: 'another service',
};

const BOUNDARY_KIND_WORDS = { site: 'a physical site', network: 'a network', cloud: 'a cloud environment', internet: 'the internet' };

const ENVIRONMENT_WORDS = { production: 'production', staging: 'staging', development: 'development', test: 'test' };

// ---- Attestations shared by the solution and a service ---------------------------------------------------

function practices(subject: 'the solution' | 'the service', ownCode: string): Table {
  return {
    secureDevelopment: w(
      `the use of a secure development lifecycle for ${ownCode}`,
      `Is ${ownCode} built following a secure development lifecycle, such as the Microsoft Security Development Lifecycle?`,
    ),
    ossReviewed: w(
      `the review of open-source components in ${subject}`,
      `Are the open-source components in ${subject} chosen with care: actively maintained, with a community and support?`,
    ),
    integrationReviewed: w(
      `the security review of integrated components in ${subject}`,
      `Have all interfaces of the components ${subject} integrates been checked for security flaws?`,
    ),
    cliEntraAuth: w(
      'sign-in with Microsoft Entra ID for Azure CLI commands against IoT Hub',
      'Do Azure CLI commands against IoT Hub sign in with Microsoft Entra ID (--auth-type login) rather than shared access keys?',
    ),
  };
}

// ---- Enrollment groups: nested in a service and elements of their own ------------------------------------

const ENROLLMENT_GROUP: Table = {
  attestation: w(
    'how devices in the enrollment group prove their identity',
    'How do devices in this enrollment group prove their identity: with X.509 certificates or with symmetric keys (SAS)?',
    { x509: 'X.509 certificates', sas: 'symmetric keys (SAS)' },
  ),
  certificate: w('the group certificate', 'Which certificate (name or thumbprint) does this enrollment group use?'),
  certificateSource: w(
    'where the group certificate comes from',
    'Where does the group certificate come from: a certificate provider, a self-generated CA, or a test certificate?',
    { provider: 'a certificate provider', 'self-generated': 'a self-generated CA', test: 'a test certificate' },
  ),
  autoGenerateKeys: w(
    'key generation by IoT Central',
    'Does IoT Central generate the shared access keys of this enrollment group?',
  ),
};

// ---- Derived facts that apply to any element --------------------------------------------------------------

function anyKindFacts(): Table {
  const out: Table = {};
  for (const kind of ELEMENT_KINDS) {
    out[`${kind}:$kind`] = w('the kind of element', 'What kind of element is this?', KIND_WORDS);
    out[`${kind}:$environment`] = w(
      "the solution's lifecycle stage",
      'Is the solution in production, staging, development or test?',
      ENVIRONMENT_WORDS,
    );
    if (kind !== 'solution') {
      out[`${kind}:$boundaryKind`] = w(
        'the kind of trust boundary it sits in',
        'Which trust boundary does this element sit in, and is that boundary a physical site, a network, a cloud environment or the internet?',
        BOUNDARY_KIND_WORDS,
      );
    }
  }
  return out;
}

/** Words for a registry identity (src/model/schema.ts, RegistryIdentity): a device's, or an IoT Edge device's. */
function identityWords(d: 'device' | 'IoT Edge device'): Table {
  return {
    method: w(
      `how the ${d} authenticates`,
      `How does the ${d} authenticate to the cloud: with an X.509 certificate from a CA, a self-signed X.509 certificate, a symmetric key, or TPM attestation — or has it no cloud identity of its own (a gateway translates its protocol)?`,
      {
        'x509-ca': 'an X.509 certificate from a CA',
        'x509-self-signed': 'a self-signed X.509 certificate',
        'symmetric-key': 'a symmetric key',
        tpm: 'TPM attestation',
        none: 'no cloud identity of its own',
      },
    ),
    keyScope: w(
      `the scope of the ${d} key`,
      `Is the ${d} credential unique to each ${d}, derived from a group key, or shared between ${d}s?`,
      { 'per-device': `unique to each ${d}`, 'group-derived': 'derived from a group key', shared: `shared between ${d}s` },
    ),
    storage: w(
      `where the ${d} credential is stored`,
      `Where is the ${d} credential stored: in a TPM, an HSM, a secure element, or a file?`,
      { hsm: 'an HSM', tpm: 'a TPM', 'secure-element': 'a secure element', file: 'a file' },
    ),
    softwareTpm: w('the use of a software-emulated TPM', `Is the ${d}'s TPM emulated in software rather than hardware?`),
    rotationDays: w(
      'the number of days between credential rotations',
      `How often is the ${d} credential rotated, in days (or never)?`,
      { '0': 'never' },
    ),
    tokenTtlMinutes: w(
      `the lifetime in minutes of the SAS tokens the ${d} generates`,
      `How long are the SAS tokens the ${d} generates valid, in minutes?`,
    ),
    provisioning: w(
      `how the ${d} is provisioned`,
      `Is the ${d} provisioned through the Device Provisioning Service or registered by hand?`,
      { dps: 'the Device Provisioning Service', manual: 'registered by hand' },
    ),
    enrollment: w(
      'the kind of enrollment',
      `Is the ${d} enrolled in the Device Provisioning Service through an enrollment group, an individual enrollment, or not at all?`,
      { group: 'an enrollment group', individual: 'an individual enrollment', none: 'no enrollment' },
    ),
    enrollmentGroup: w(`the enrollment group of the ${d}`, `Which enrollment group does the ${d} belong to?`),
    certificateCnMatchesId: w(
      `the match between the certificate subject and the ${d} id`,
      `Does the common name (CN) in the ${d} certificate's subject equal the ${d} id?`,
    ),
    revocable: w(
      `the ability to disable the ${d} identity`,
      `Can the ${d} identity be disabled or blocked in the identity registry?`,
    ),
  };
}

// ---- The table -------------------------------------------------------------------------------------------

export const PROPERTY_WORDS: Readonly<Record<string, PropertyWords>> = Object.freeze({
  ...anyKindFacts(),

  // Solution
  'solution:version': w('the solution version', 'Which version of the solution does this model describe?'),
  'solution:owner': w('the owner of the solution', 'Who owns the solution?'),
  'solution:description': w('the description of the solution', 'What does the solution do, in a sentence or two?'),
  'solution:architecture': w(
    'how devices connect to the cloud',
    'Do devices connect directly to cloud services, through edge runtimes on site, or both?',
    { cloud: 'directly', edge: 'through edge runtimes' },
  ),
  'solution:environment': w(
    "the solution's lifecycle stage",
    'Is the solution in production, staging, development or test?',
    ENVIRONMENT_WORDS,
  ),
  'solution:practices': w(
    'how the solution is built and operated',
    'How is the solution built and operated: is there a secure development lifecycle, a review of open-source and integrated components, and a risk assessment of design choices?',
  ),
  ...under('solution', 'practices.', {
    ...practices('the solution', "the solution's own software"),
    manufacturerGuidance: w(
      "following the device manufacturers' security guidance",
      "Are the device manufacturers' security and deployment guidelines followed?",
    ),
    riskAssessment: w(
      'the risk and cost assessment of design choices',
      'Were the design choices evaluated in a risk and cost assessment?',
    ),
  }),

  // Boundary
  'boundary:kind': w(
    'the kind of trust boundary',
    'Is this trust boundary a physical site, a network, a cloud environment or the internet?',
    BOUNDARY_KIND_WORDS,
  ),
  'boundary:inside': w('the enclosing trust boundary', 'Which larger trust boundary, if any, contains this one?'),

  // Device
  'device:id': w('the device id', 'What is the device id in the identity registry?'),
  'device:boundary': w('the trust boundary of the device', 'In which site or network are these devices installed?'),
  'device:count': w('the number of devices', 'How many of these devices are deployed, or planned?'),
  'device:kind': w(
    'the kind of device',
    'Is this device a sensor, an actuator, a gateway, a legacy device or a constrained device?',
    { sensor: 'a sensor', actuator: 'an actuator', gateway: 'a gateway', legacy: 'a legacy device', constrained: 'a constrained device' },
  ),
  'device:deployment': w(
    'the physical exposure of the device',
    'Where are the devices physically installed: in public spaces, on supervised sites, or in secured rooms?',
    { public: 'public spaces', supervised: 'supervised sites', secured: 'secured rooms' },
  ),
  'device:$hasGateway': w(
    'the use of a field gateway',
    'Does the device connect through a field gateway rather than directly to the cloud?',
  ),
  'device:hardware': w(
    'the security hardware of the device',
    'Which security hardware does the device have: a TPM, an HSM or secure element, secure boot, tamper detection, encrypted storage?',
  ),
  'device:identity': w(
    'the device identity',
    'How does the device prove its identity to the cloud, and where is its credential stored?',
  ),
  'device:tls': w('the TLS configuration of the device', 'Which TLS versions and cipher suites does the device use?'),
  'device:software': w(
    'how device software is built and updated',
    'Which SDK does the device software use, and how is it patched and updated?',
  ),
  'device:monitoring': w(
    'security monitoring of the device',
    'Is the device monitored for security events, for example by Microsoft Defender for IoT?',
  ),
  ...under('device', 'hardware.', {
    tpm: w('the presence of a TPM', 'Does the device have a TPM (discrete, firmware or integrated)?'),
    hsm: w(
      'the presence of a hardware security module or secure element',
      'Does the device have a hardware security module (HSM) or a secure element?',
    ),
    secureBoot: w('secure boot', 'Does the device boot only signed firmware (secure boot)?'),
    tamperDetection: w('tamper detection', 'Does the device detect physical tampering and report it?'),
    encryptedStorage: w('encryption of device storage', "Is the device's storage encrypted at rest?"),
    unusedInterfacesDisabled: w(
      'disabling unused hardware interfaces',
      'Are unused ports and interfaces (USB, serial, debug) removed or disabled on the device?',
    ),
  }),
  ...under('device', 'identity.', identityWords('device')),
  ...under('device', 'tls.', {
    minVersion: w(
      'the minimum TLS version of the device',
      'What is the lowest TLS version the device accepts: TLS 1.0, 1.1, 1.2 or 1.3?',
      TLS_VERSIONS,
    ),
    strongCiphersOnly: w('the use of strong cipher suites only', 'Does the device offer only strong TLS cipher suites?'),
    rootCaUpdatable: w(
      'updating trusted root certificates in the field',
      'Can the trusted TLS root certificates on the device be updated in the field?',
    ),
  }),
  ...under('device', 'software.', {
    sdk: w(
      'the device software development kit',
      'Does the device software use an Azure IoT device SDK, another SDK, or custom code?',
      { 'azure-iot': 'an Azure IoT device SDK', other: 'another SDK', custom: 'custom code' },
    ),
    updates: w(
      'how device software is updated',
      'How is device software updated: with Device Update for IoT Hub, a custom mechanism, or not at all?',
      { 'device-update': 'Device Update for IoT Hub', custom: 'a custom mechanism', none: 'not at all' },
    ),
    signedUpdates: w(
      'signature verification of updates',
      'Are software updates cryptographically signed and verified on the device before they are installed?',
    ),
    patched: w(
      'security patching of device software',
      'Are the operating system, runtimes and SDKs on the device kept up to date with security patches?',
    ),
    antimalware: w('anti-malware on the device', 'Does antivirus or anti-malware software run on the device?'),
    secureDevelopment: w(
      'the use of a secure development lifecycle for device software',
      'Is the device software built following a secure development lifecycle?',
    ),
    ossReviewed: w(
      'the review of open-source components in device software',
      'Are the open-source components in the device software chosen with care: actively maintained, with a community and support?',
    ),
    manufacturerGuidance: w(
      "following the manufacturer's security guidance",
      "Is the device manufacturer's security and deployment guidance followed?",
    ),
  }),
  ...under('device', 'monitoring.', {
    securityAudit: w(
      'security event logging',
      'Does the device log security events and send them to the cloud as a separate stream?',
    ),
    defender: w('monitoring by Microsoft Defender for IoT', 'Does Microsoft Defender for IoT monitor the device?'),
  }),

  // Edge
  'edge:boundary': w('the trust boundary of the edge runtime', 'In which site or network does the edge runtime run?'),
  'edge:runtime': w(
    'the kind of edge runtime',
    'Which edge runtime is this: Azure IoT Edge, Azure IoT Operations, or a custom runtime?',
    { 'iot-edge': 'Azure IoT Edge', 'iot-operations': 'Azure IoT Operations', custom: 'a custom runtime' },
  ),
  'edge:identity': w(
    'the device identity of the edge runtime',
    'Does the edge runtime have its own device identity in IoT Hub (an IoT Edge device), and how does it prove it and store its credential?',
  ),
  ...under('edge', 'identity.', identityWords('IoT Edge device')),
  'edge:gatewayFor': w(
    'the list of devices that connect through the edge runtime',
    'Which devices connect to the cloud through this edge runtime?',
  ),
  'edge:upgrades': w(
    'how the edge runtime is upgraded',
    'Is the edge runtime upgraded automatically, by hand, or not at all?',
    { manual: 'by hand', auto: 'automatically', none: 'not at all' },
  ),
  'edge:patched': w(
    'security patching of the edge runtime',
    'Do the cluster and the edge runtime run the latest patches and minor releases?',
  ),
  'edge:imageSigning': w(
    'signature verification of container images',
    'Are container and Helm images verified as signed before they are deployed?',
  ),
  'edge:broker': w(
    'the configuration of the MQTT broker',
    'How is the MQTT broker at the edge secured: how do clients authenticate, what may they access, and do listeners use TLS?',
  ),
  ...under('edge', 'broker.', {
    authentication: w(
      'how clients authenticate to the MQTT broker',
      'How do clients authenticate to the MQTT broker: with X.509 certificates, Kubernetes service account tokens, passwords, or not at all?',
      { x509: 'X.509 certificates', 'service-account-token': 'Kubernetes service account tokens', password: 'passwords', none: 'no authentication' },
    ),
    authorization: w(
      'authorization on the MQTT broker',
      'Does the MQTT broker grant each client only the topics it needs (least privilege), broad access, or no authorization at all?',
      { 'least-privilege': 'least privilege', broad: 'broad access', none: 'no authorization' },
    ),
    internalEncryption: w(
      'encryption inside the MQTT broker',
      "Is traffic between the MQTT broker's frontend and backend pods encrypted?",
    ),
    listenerTls: w(
      'the use of TLS on the MQTT broker listeners',
      'Do the MQTT broker listeners use TLS with automatically managed certificates, manually managed certificates, or no TLS?',
      { automatic: 'automatically managed certificates', manual: 'manually managed certificates', none: 'no TLS' },
    ),
  }),
  'edge:ca': w(
    'the issuer of the TLS certificates at the edge',
    "Are the edge runtime's TLS certificates issued by the default self-signed root or by your own certificate authority?",
    { default: 'the default self-signed root', enterprise: 'your own certificate authority' },
  ),
  'edge:certificateManagement': w(
    'how certificates at the edge are managed',
    'Are certificates between assets and the edge runtime issued, renewed and revoked by a certificate manager (such as cert-manager) or by hand?',
    { automated: 'a certificate manager', manual: 'by hand' },
  ),
  'edge:secrets': w(
    'where the edge runtime keeps its secrets',
    'Where does the edge runtime keep its secrets: in Azure Key Vault, in Kubernetes secrets, or in files?',
    { 'key-vault': 'Azure Key Vault', kubernetes: 'Kubernetes secrets', file: 'files' },
  ),
  'edge:cloudIdentity': w(
    'how the edge runtime authenticates to the cloud',
    'How does the edge runtime authenticate its cloud connections: with a user-assigned managed identity, a system-assigned managed identity, or a secret?',
    { 'user-assigned': 'a user-assigned managed identity', 'system-assigned': 'a system-assigned managed identity', secret: 'a secret' },
  ),
  'edge:networkSegmented': w(
    'network segmentation of the edge runtime',
    'Is the edge runtime isolated from other network resources by segmentation and firewalls?',
  ),
  'edge:egressAllowlist': w(
    'the use of an allowlist for outbound traffic',
    'Does outbound traffic from the edge runtime go through an enterprise firewall or proxy with an allowlist?',
  ),
  'edge:observability': w(
    'observability at the edge',
    'Are observability resources deployed and logs collected for the edge runtime?',
  ),
  'edge:defender': w(
    'monitoring by Microsoft Defender',
    'Does Microsoft Defender for IoT or Defender for Containers monitor the edge runtime?',
  ),
  'edge:encryptedStorage': w('encryption of edge storage', "Is the edge runtime's storage encrypted at rest?"),
  'edge:assetRbac': w(
    'role-based access control on assets',
    'Is access to assets and asset endpoints controlled with Azure role-based access control (RBAC)?',
  ),
  'edge:opcua': w('the OPC UA configuration', 'How does the edge runtime decide which OPC UA servers it trusts?'),
  'edge:opcua.trustedServersOnly': w(
    'sessions with trusted OPC UA servers only',
    'Does the edge runtime open sessions only with OPC UA servers it explicitly trusts?',
  ),

  // Service
  'service:boundary': w('the trust boundary of the service', 'In which network or cloud environment does the service run?'),
  'service:type': w(
    'the type of service',
    'Which Azure service is this (for example IoT Hub, Device Provisioning Service, IoT Central, Event Hubs or Storage)?',
    SERVICE_TYPE_WORDS,
  ),
  'service:$linkedByDps': w(
    'the link from a Device Provisioning Service',
    'Is this service linked to a Device Provisioning Service instance?',
  ),
  'service:publicNetworkAccess': w('public network access', 'Is public network access enabled on the service?'),
  'service:privateEndpoint': w(
    'the use of a private endpoint',
    'Is the service reached through an Azure Private Link private endpoint?',
  ),
  'service:ipFilter': w('filtering by IP address', 'Do IP filter rules restrict access to the service to trusted sources?'),
  'service:minTls': w(
    'the minimum TLS version of the service',
    'What is the minimum TLS version the service accepts: TLS 1.0, 1.1, 1.2 or 1.3?',
    TLS_VERSIONS,
  ),
  'device:code': w('the source code of the device software', 'Where is the source code of the device software (folders to scan for evidence)?'),
  'edge:code': w('the source code of the edge modules', 'Where is the source code of the edge modules (folders to scan for evidence)?'),
  'service:code': w('the source code the service runs', 'Where is the source code the service runs (folders to scan for evidence)?'),
  'service:azureResourceId': w('the Azure resource id of the deployed service', 'What is the Azure resource id of this service?'),
  'service:resourceName': w('the name of the deployed Azure resource', 'What is the Azure resource name of this service?'),
  'edge:azureResourceId': w('the Azure resource id of the Azure IoT Operations instance', 'What is the Azure resource id of this Azure IoT Operations instance?'),
  'edge:resourceName': w('the name of the Azure IoT Operations instance', 'What is the Azure resource name of this Azure IoT Operations instance?'),
  'service:localAuth': w(
    'local authentication with keys and connection strings',
    'Does the service accept shared access policies, SAS keys or connection strings (local authentication)?',
  ),
  'service:entraAuth': w(
    'authentication with Microsoft Entra ID for service APIs',
    'Is access to the service APIs authenticated with Microsoft Entra ID and authorized with Azure RBAC?',
  ),
  'service:diagnostics': w(
    'diagnostic logging',
    'Are diagnostic (resource) logs of the service sent to Azure Monitor?',
  ),
  'service:monitoring': w('health monitoring', 'Are the health metrics of the service monitored in Azure Monitor?'),
  'service:defender': w(
    'coverage by Microsoft Defender',
    'Does Microsoft Defender for IoT or Microsoft Defender for Cloud cover the service?',
  ),
  'service:customerManagedKey': w(
    'encryption with a customer-managed key',
    'Is data at rest in the service encrypted with a customer-managed key?',
  ),
  'service:auditLogs': w('audit logging', 'Are audit logs enabled on the service and reviewed?'),
  'service:organizations': w(
    'the use of IoT Central organizations',
    'Do IoT Central organizations restrict which users see which devices?',
  ),
  'service:multiTenant': w(
    'serving several customers',
    'Does the application serve several customers or tenants?',
  ),
  'service:customRoles': w(
    'the use of custom roles',
    'Do custom roles grant finer-grained permissions than the built-in roles?',
  ),
  'service:deviceRevocation': w(
    'disabling device identities',
    'Can device identities be disabled or blocked in the identity registry of the service?',
  ),
  'service:linkedHubs': w(
    'the list of IoT hubs linked to the provisioning service',
    'Which IoT hubs are linked to this Device Provisioning Service?',
  ),
  'service:enrollmentGroups': w(
    'the list of enrollment groups of the service',
    'Which enrollment groups does the service hold, and how do their devices prove their identity?',
  ),
  'service:sharedAccessPolicies': w(
    'the list of shared access policies of the service',
    'Which shared access policies does the service have, with which permissions, and who uses them?',
  ),
  'service:exports': w(
    'the list of data exports of the service',
    'Does the service export data to other services (such as Storage, Event Hubs or Azure Data Explorer), and how do the exports authenticate?',
  ),
  'service:practices': w(
    'how the service is built',
    "Is the service's own code built following a secure development lifecycle, with reviewed open-source and integrated components?",
  ),
  ...under('service', 'enrollmentGroups.', ENROLLMENT_GROUP),
  'service:sharedAccessPolicies.permissions': w(
    'the set of permissions of a shared access policy',
    'Which permissions does each shared access policy grant: registry read, registry read and write, service connect, device connect?',
    { RegistryRead: 'registry read', RegistryReadWrite: 'registry read and write', ServiceConnect: 'service connect', DeviceConnect: 'device connect' },
  ),
  'service:sharedAccessPolicies.usedBy': w(
    'who uses a shared access policy',
    'Which applications or people use each shared access policy?',
  ),
  'service:exports.to': w('the destination of a data export', 'Where does each data export send its data?'),
  'service:exports.auth': w(
    'how a data export authenticates',
    'How does each data export authenticate to its destination: with a managed identity, a service principal, or a connection string?',
    { 'managed-identity': 'a managed identity', 'service-principal': 'a service principal', 'connection-string': 'a connection string' },
  ),
  ...under('service', 'practices.', practices('the service', "the service's own code")),

  // Enrollment group (as an element of its own)
  ...under('enrollment-group', '', ENROLLMENT_GROUP),
  'enrollment-group:$service.type': w(
    'the type of service that holds the enrollment group',
    'Which service holds this enrollment group: the Device Provisioning Service or IoT Central?',
    SERVICE_TYPE_WORDS,
  ),

  // Principal
  'principal:kind': w(
    'the kind of identity',
    'Is this a user, a group, a service principal, a managed identity, or an API token?',
    { user: 'a user', group: 'a group', 'service-principal': 'a service principal', 'managed-identity': 'a managed identity', 'api-token': 'an API token' },
  ),
  'principal:expires': w('the expiry date of the credential', 'When does this credential expire?'),
  'principal:objectId': w('the object id in Microsoft Entra ID', 'What is the object (principal) id of this identity in Microsoft Entra ID?'),
  'principal:mfa': w('multifactor sign-in', 'Does this user sign in with multifactor authentication?'),
  'principal:runsOn': w(
    'the Azure service that hosts the application',
    'Which Azure service, if any, hosts this application?',
  ),
  'principal:assignments': w('the list of role assignments', 'Which roles are assigned to this identity, and on which resources?'),
  'principal:assignments.role': w('the assigned role', 'Which role does each role assignment grant?'),
  'principal:assignments.scope': w(
    'the scope of a role assignment',
    'At which scope is each role assigned: a single resource, a resource group, a subscription, or a management group?',
    { resource: 'a single resource', 'resource-group': 'a resource group', subscription: 'a subscription', 'management-group': 'a management group' },
  ),
  'principal:assignments.on': w('the resource a role assignment grants access to', 'Which resource does each role assignment grant access to?'),
  'principal:assignments.actions': w('the list of actions of a custom role', 'Which actions does the custom role allow?'),

  // Flow
  'flow:from': w('the source of the flow', 'Where does this flow start?'),
  'flow:to': w('the destination of the flow', 'Where does this flow end?'),
  'flow:protocol': w(
    'the protocol of the flow',
    'Which protocol does the flow use: MQTT, MQTT over WebSockets, AMQP, AMQP over WebSockets, HTTPS, OPC UA, Modbus, or another?',
    {
      mqtt: 'MQTT', 'mqtt-ws': 'MQTT over WebSockets', amqp: 'AMQP', 'amqp-ws': 'AMQP over WebSockets',
      https: 'HTTPS', 'opc-ua': 'OPC UA', modbus: 'Modbus', other: 'another protocol',
    },
  ),
  'flow:port': w('the port of the flow', 'Which network port does the flow use?'),
  'flow:tls': w(
    'the TLS version of the flow',
    'Is the flow encrypted with TLS, and if so with which version: TLS 1.0, 1.1, 1.2 or 1.3?',
    { none: 'no TLS (plaintext)', ...TLS_VERSIONS },
  ),
  'flow:securityMode': w(
    'the OPC UA security mode of the flow',
    'Which OPC UA security mode does the secure channel use: None, Sign, or SignAndEncrypt?',
    { none: 'None (no signing, no encryption)', sign: 'Sign (signed, not encrypted)', 'sign-and-encrypt': 'SignAndEncrypt' },
  ),
  'flow:auth': w(
    'how the flow is authenticated',
    'How does the sender authenticate on this flow: an X.509 certificate, a SAS token, Microsoft Entra ID, a managed identity, a connection string, an API token, or not at all?',
    {
      x509: 'an X.509 certificate', sas: 'a SAS token', entra: 'Microsoft Entra ID', 'managed-identity': 'a managed identity',
      'connection-string': 'a connection string', 'api-token': 'an API token', none: 'no authentication',
    },
  ),
  'flow:network': w(
    'the network the flow travels over',
    'Does the flow travel over the internet, Azure Private Link, a virtual network, or a local network?',
    { internet: 'the internet', 'private-link': 'Azure Private Link', vnet: 'a virtual network', lan: 'a local network' },
  ),
  'flow:data': w(
    'the data the flow carries',
    'What does the flow carry: telemetry, commands, firmware, credentials, personal data?',
    { telemetry: 'telemetry', commands: 'commands', firmware: 'firmware', credentials: 'credentials', personal: 'personal data' },
  ),
  'flow:$crossesBoundary': w(
    'whether the flow crosses a trust boundary',
    'Do both ends of this flow sit in the same site or network, or does the flow cross from one trust boundary into another?',
  ),
  'flow:$fromKind': w('the kind of element the flow starts at', 'Where does this flow start?', KIND_WORDS),
  'flow:$toKind': w('the kind of element the flow ends at', 'Where does this flow end?', KIND_WORDS),
});

const INDEX = /\[\d+\]/g;

/** Looks up by kind and a path as the engine prints it: strips `[n]` indexes ('exports[1].auth' → 'exports.auth'); undefined if unknown. */
export function propertyWords(kind: ElementKind, path: string): PropertyWords | undefined {
  const key = `${kind}:${path.replace(INDEX, '')}`;
  return Object.hasOwn(PROPERTY_WORDS, key) ? PROPERTY_WORDS[key] : undefined;
}

/** Numbers that are names, not quantities: printed without grouping (port 8883, not 8,883). */
const PLAIN_NUMBERS: ReadonlySet<string> = new Set(['flow:port']);

/** A value in words: the table's word for an enum value, 'yes'/'no' for booleans, numbers with Intl (en-US) grouping
 *  (except numbers that name something, such as a port), a list joined in words ('none' when empty), 'not stated' for
 *  undefined, otherwise the value itself. */
export function valueWords(kind: ElementKind, path: string, value: unknown): string {
  const values = propertyWords(kind, path)?.values;
  const plain = PLAIN_NUMBERS.has(`${kind}:${path.replace(INDEX, '')}`);
  const one = (v: unknown): string => {
    const word = values !== undefined && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && Object.hasOwn(values, String(v))
      ? values[String(v)]
      : undefined;
    if (word !== undefined) return word;
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    if (typeof v === 'number') return plain ? String(v) : formatNumber(v);
    if (v === undefined || v === null) return 'not stated';
    return String(v);
  };
  if (Array.isArray(value)) return value.length === 0 ? 'none' : allOf(value.map(one));
  return one(value);
}
