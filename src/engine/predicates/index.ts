// The registry of named predicates. Adding one: a file exporting a Predicate, listed here.
import { linkedHubsAcceptSas, sasPoliciesLeastPrivilege, uniqueGroupCertificate } from './hub.js';
import { narrowestScope, noListKeys } from './rbac.js';
import type { Predicate } from './types.js';

export const PREDICATES: ReadonlyMap<string, Predicate> = new Map(
  [noListKeys, narrowestScope, linkedHubsAcceptSas, sasPoliciesLeastPrivilege, uniqueGroupCertificate].map((p) => [p.name, p]),
);

export function getPredicate(name: string): Predicate['evaluate'] {
  const p = PREDICATES.get(name);
  if (!p) throw new Error(`unknown predicate '${name}'`);
  return p.evaluate;
}
