// How a deployment value reads in the model's vocabulary: small named functions, one per kind of value, so a
// table row says `read: invertBool` instead of repeating the logic. Each returns what it can tell, or why not.
// Pure; values are already resolved (rows never see an Unresolved: the evaluator stops at one).

export type Scalar = string | number | boolean;

export type Reading =
  | { value: Scalar }
  /** The export allows several model values; `why` says what it does state. */
  | { oneOf: Scalar[]; why: string }
  /** For array-valued model properties. */
  | { values: string[] }
  /** The value is there but means nothing iotsec can map: why. */
  | { unknown: string };

export type Converter = (raw: unknown) => Reading;

/** How a raw value shows in an observed sentence: never JSON. */
export function showRaw(raw: unknown): string {
  if (Array.isArray(raw)) return raw.length === 0 ? 'an empty list' : `${raw.length} ${raw.length === 1 ? 'entry' : 'entries'}`;
  if (raw !== null && typeof raw === 'object') return 'set';
  return String(raw);
}

const unexpected = (raw: unknown, expected: string): Reading => ({ unknown: `${showRaw(raw)} is not ${expected}` });

export const bool: Converter = (raw) => (typeof raw === 'boolean' ? { value: raw } : unexpected(raw, 'true or false'));

/** `disableLocalAuth: true` means local authentication is off. */
export const invertBool: Converter = (raw) => (typeof raw === 'boolean' ? { value: !raw } : unexpected(raw, 'true or false'));

/** Azure's `publicNetworkAccess` and similar: Enabled / Disabled (SecuredByPerimeter: a network security perimeter decides). */
export const enabledDisabled: Converter = (raw) => {
  const s = typeof raw === 'string' ? raw.toLowerCase() : undefined;
  if (s === 'enabled') return { value: true };
  if (s === 'disabled') return { value: false };
  if (s === 'securedbyperimeter') return { oneOf: [true, false], why: 'a network security perimeter decides which public traffic is let in' };
  return unexpected(raw, 'Enabled or Disabled');
};

/** '1.2', 1.2, 'TLS1_2' (Storage, Terraform's min_tls_version) → '1.2'. */
export const tlsVersion: Converter = (raw) => {
  // '1.2', 1.2, 'TLS1_2' (Storage), 'Tls12' (Cosmos DB), 'TLS 1.2'.
  const s = typeof raw === 'number' ? raw.toFixed(1) : typeof raw === 'string' ? raw.trim().replace(/^tls\s*/i, '').replace('_', '.').replace(/^(\d)(\d)$/, '$1.$2') : undefined;
  return s !== undefined && ['1.0', '1.1', '1.2', '1.3'].includes(s) ? { value: s } : unexpected(raw, 'a TLS version (1.0 to 1.3)');
};

/** A list the resource states: some entries → true, an explicit empty list → false. */
export const nonEmptyList: Converter = (raw) => (Array.isArray(raw) ? { value: raw.length > 0 } : unexpected(raw, 'a list'));

/** Network rule sets: `defaultAction: Deny` lets in only what the rules allow. */
export const denyByDefault: Converter = (raw) => {
  const s = typeof raw === 'string' ? raw.toLowerCase() : undefined;
  if (s === 'deny') return { value: true };
  if (s === 'allow') return { value: false };
  return unexpected(raw, 'Allow or Deny');
};

/** Encryption `keySource`: Microsoft.KeyVault is a customer-managed key; Microsoft.Storage / Microsoft.EventHub the platform's. */
export const keySourceIsKeyVault: Converter = (raw) =>
  typeof raw === 'string' && raw.trim() !== '' ? { value: raw.toLowerCase() === 'microsoft.keyvault' } : unexpected(raw, 'a key source');

/** Defender for Cloud pricing tier: Standard is the paid plan (on), Free is off. */
export const standardTier: Converter = (raw) => {
  const s = typeof raw === 'string' ? raw.toLowerCase() : undefined;
  if (s === 'standard') return { value: true };
  if (s === 'free') return { value: false };
  return unexpected(raw, 'Free or Standard');
};

/**
 * privateEndpointConnections of the resource itself: one that is Approved (or states no status, as templates
 * do) → true; none at all, or only pending / rejected ones → false.
 */
export const approvedConnection: Converter = (raw) => {
  if (!Array.isArray(raw)) return unexpected(raw, 'a list');
  const statuses = raw.map((c) => {
    const props = (c as { properties?: { privateLinkServiceConnectionState?: { status?: unknown } } } | null)?.properties;
    return props?.privateLinkServiceConnectionState?.status;
  });
  return { value: statuses.some((s) => s === undefined || (typeof s === 'string' && s.toLowerCase() === 'approved')) };
};

/** Any string, as it is (for notes: an identity type, an authentication method). */
export const text: Converter = (raw) => (typeof raw === 'string' ? { value: raw } : unexpected(raw, 'text'));

const BROKER_METHODS: Record<string, string> = { x509: 'x509', serviceaccounttoken: 'service-account-token' };

/** IoT Operations broker authentication `authenticationMethods[].method`: X509 / ServiceAccountToken (Custom has no model value). */
export const brokerAuthMethods: Converter = (raw) => {
  if (!Array.isArray(raw)) return unexpected(raw, 'a list of authentication methods');
  const methods = raw.map((m) => (m as { method?: unknown } | null)?.method);
  const other = methods.filter((m) => typeof m !== 'string' || !Object.hasOwn(BROKER_METHODS, m.toLowerCase()));
  if (other.length > 0) return { unknown: `method ${other.map(showRaw).join(', ')} has no model value (a custom authentication server decides)` };
  return { values: [...new Set(methods.map((m) => BROKER_METHODS[String(m).toLowerCase()]!))].sort() };
};

/**
 * IoT Operations broker listener `ports[].tls.mode`: every port states its mode → None on any port gives
 * 'none'; all alike gives that mode; Automatic and Manual mixed gives either. A port without a tls mode is
 * not read as "no TLS" (that would infer from absence): the result is unknown then.
 */
export const listenerTls: Converter = (raw) => {
  if (!Array.isArray(raw) || raw.length === 0) return unexpected(raw, 'a list of ports');
  const modes = raw.map((p) => (p as { tls?: { mode?: unknown } } | null)?.tls?.mode);
  const missing = raw.filter((_, i) => typeof modes[i] !== 'string').map((p) => (p as { port?: unknown } | null)?.port);
  if (missing.length > 0) return { unknown: `port ${missing.map(showRaw).join(', ')} states no tls.mode` };
  const lower = new Set(modes.map((m) => String(m).toLowerCase()));
  if (lower.has('none')) return { value: 'none' };
  const known = [...lower].filter((m) => m === 'automatic' || m === 'manual');
  if (known.length !== lower.size) return { unknown: `tls.mode ${[...lower].join(', ')} is not Automatic, Manual or None` };
  return known.length === 1 ? { value: known[0]! } : { oneOf: ['automatic', 'manual'], why: 'ports use both Automatic and Manual TLS' };
};

interface BrokerRule {
  principals?: { clientIds?: unknown[]; usernames?: unknown[]; attributes?: unknown[] };
  brokerResources?: Array<{ method?: unknown; topics?: unknown[] }>;
}

/** A rule names who it is for and gives no Publish/Subscribe on every topic ('#' or no topic list). */
function ruleIsScoped(rule: BrokerRule): boolean {
  const p = rule.principals ?? {};
  const names = [...(p.clientIds ?? []), ...(p.usernames ?? []), ...(p.attributes ?? [])];
  if (names.length === 0 || names.some((n) => n === '*' || n === '#')) return false;
  return (rule.brokerResources ?? []).every((r) => {
    const method = typeof r.method === 'string' ? r.method.toLowerCase() : '';
    if (method !== 'publish' && method !== 'subscribe') return true;
    return Array.isArray(r.topics) && r.topics.length > 0 && r.topics.every((t) => typeof t === 'string' && t.trim() !== '#' && t.trim() !== '');
  });
}

/**
 * IoT Operations broker authorization `authorizationPolicies.rules`: 'least-privilege' when every rule is
 * scoped (names its principals — client ids, usernames or attributes, none of them a wildcard — and limits each
 * Publish/Subscribe to listed topics other than '#'); 'broad' when any rule is not.
 */
export const brokerAuthorization: Converter = (raw) => {
  if (!Array.isArray(raw)) return unexpected(raw, 'a list of rules');
  if (raw.length === 0) return { unknown: 'no rules: every client is denied, which the model has no value for' };
  return { value: (raw as BrokerRule[]).every(ruleIsScoped) ? 'least-privilege' : 'broad' };
};

/** Diagnostic setting logs (ARM `logs[].enabled`, category groups included): any enabled → true, none → false. */
export const anyLogEnabled: Converter = (raw) => {
  if (!Array.isArray(raw)) return unexpected(raw, 'a list of log settings');
  return { value: raw.some((l) => (l as { enabled?: unknown } | null)?.enabled === true) };
};
