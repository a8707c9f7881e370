// Pointing at other resources: resource ids and the relative forms ARM templates use for scopes, the parent of a
// Terraform child resource, the resource named in an endpoint URI or connection string. Pure string work.
import type { ResourceRef } from '../observation.js';
import { Unresolved, type DeployedResource } from '../resource.js';
import { lookupIn } from './read-value.js';

/** '/subscriptions/…/providers/Microsoft.Devices/IotHubs/hub' (any case) → the lower-case type and the name. */
export function parseResourceId(id: string): { subscription?: string; type: string; name: string } | undefined {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/[^/]+)?\/providers\/([^/]+)\/(.+)$/i.exec(id.trim());
  if (!m) return undefined;
  const parts = m[3]!.split('/');
  if (parts.length % 2 !== 0) return undefined;
  const types = [m[2]!, ...parts.filter((_, i) => i % 2 === 0)];
  return { subscription: m[1]!.toLowerCase(), type: types.join('/').toLowerCase(), name: parts.filter((_, i) => i % 2 === 1).join('/') };
}

export function subscriptionOf(id: string | undefined): string | undefined {
  return id === undefined ? undefined : /^\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase();
}

/**
 * A scope or target as written: a full resource id, or the relative 'Microsoft.Devices/IotHubs/hub' form that
 * compiled Bicep gives extension resources. Resource group, subscription and management group scopes are not
 * resources: undefined.
 */
export function refFromScope(scope: string): ResourceRef | undefined {
  const s = scope.trim();
  if (s.startsWith('/')) {
    // An extension resource id ('…/hub/providers/Microsoft.Insights/diagnosticSettings/x') points at what precedes its last /providers/.
    const ext = /^(.*\/providers\/[^/]+\/[^/]+\/[^/]+.*?)\/providers\/[^/]+\/[^/]+\/[^/]+$/i.exec(s);
    const id = ext ? ext[1]! : s;
    return parseResourceId(id) ? { id } : undefined;
  }
  const parts = s.split('/');
  if (parts.length >= 3 && parts.length % 2 === 1 && parts[0]!.includes('.')) {
    return { type: [parts[0]!, ...parts.slice(1).filter((_, i) => i % 2 === 0)].join('/').toLowerCase(), name: parts.slice(1).filter((_, i) => i % 2 === 1).join('/') };
  }
  return undefined;
}

/** The resource's name when known. */
export function nameOf(resource: DeployedResource): string | undefined {
  return typeof resource.name === 'string' ? resource.name : undefined;
}

/** 'inst/broker/authn' → 'inst': the top-level resource an ARM child belongs to. */
export function topName(resource: DeployedResource): string | Unresolved {
  return typeof resource.name === 'string' ? resource.name.split('/')[0]! : resource.name;
}

/** A Terraform reference resolved against the module of the resource that holds it. */
function inModule(resource: DeployedResource, reference: string): string {
  if (reference.startsWith('module.') || resource.address === undefined) return reference;
  const prefix = /^((?:module\.[^.[]+(?:\[[^\]]*\])?\.)*)/.exec(resource.address)?.[1] ?? '';
  return prefix + reference;
}

/** A configuration reference of the resource to a resource of one of the types ('azurerm_iothub.hub'), with its module. */
export function referenceTo(resource: DeployedResource, attribute: string, types: readonly string[]): string | undefined {
  const refs = resource.references?.[attribute] ?? [];
  // '*' takes any resource the attribute refers to (a private endpoint or diagnostic setting may point at anything).
  const hit = refs.find((r) => types.some((t) => t === '*' || r === t || r.startsWith(`${t}.`) || r.includes(`.${t}.`)));
  return hit === undefined ? undefined : inModule(resource, hit.replace(/\.(id|name|primary_connection_string|primary_key)$/, ''));
}

/**
 * The parent of a Terraform child resource: by its id attribute (a resource id), else by a configuration
 * reference, else by its name attribute. A string says why none tells.
 */
export function terraformParent(resource: DeployedResource, spec: { id?: string; name?: string; type: string; label?: string }): ResourceRef | string {
  for (const attribute of [spec.id, spec.name]) {
    if (attribute === undefined) continue;
    const found = lookupIn(resource, [attribute]);
    if (found.kind === 'value' && typeof found.value === 'string') {
      if (attribute === spec.id) return parseResourceId(found.value) ? { id: found.value } : `${attribute} '${found.value}' is not a resource id`;
      return { name: found.value, type: spec.type };
    }
    const address = referenceTo(resource, attribute, [spec.type]);
    if (address) return { address };
  }
  const said = [spec.id, spec.name].filter(Boolean).join(' or ');
  return `neither ${said} nor a configuration reference names the ${spec.label ?? spec.type}`;
}

/** The host of a URI ('sb://ns.servicebus.windows.net/' → 'ns.servicebus.windows.net'). */
export function hostOf(uri: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/:;]+)/i.exec(uri.trim())?.[1]?.toLowerCase();
}

/** A connection string's parts (Endpoint=…;SharedAccessKeyName=…; AccountName=…; HostName=…), keys in lower case. */
export function connectionStringParts(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim().toLowerCase()] = part.slice(i + 1).trim();
  }
  return out;
}
