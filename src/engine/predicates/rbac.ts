// Azure RBAC analysis across principals and services ("Control access to IoT Hub by using Microsoft Entra ID").
import type { ModelElement } from '../../model/elements.js';
import { isIotCentralAppRole } from '../../model/roles.js';
import type { Principal } from '../../model/schema.js';
import type { Evidence, Outcome } from '../condition.js';
import type { EvaluationContext } from '../context.js';
import { triAnd } from '../tri.js';
import type { Predicate } from './types.js';

const LISTKEYS = 'microsoft.devices/iothubs/listkeys/action';
/** Built-in Azure roles that include Microsoft.Devices/iotHubs/listkeys/action (via `*`). */
const ROLES_WITH_LISTKEYS = new Set(['owner', 'contributor', 'iot hub contributor']);
const BUILT_IN_WITHOUT_LISTKEYS = new Set([
  'reader', 'iot hub data reader', 'iot hub data contributor', 'iot hub registry contributor', 'iot hub twin contributor',
  'user access administrator',
]);

type Assignment = NonNullable<Principal['assignments']>[number];

/** Azure RBAC action patterns are case-insensitive and may end in (or contain) `*` wildcards. */
export function grants(pattern: string, action: string): boolean {
  const re = new RegExp('^' + pattern.toLowerCase().split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*') + '$');
  return re.test(action.toLowerCase());
}

function targetType(ctx: EvaluationContext, a: Assignment): unknown {
  return a.on === undefined ? undefined : ctx.index.byId.get(a.on)?.data.type;
}

/** Assignments that reach an IoT hub: on a hub, or at a broad scope without a named target. */
function hubAssignments(p: ModelElement, ctx: EvaluationContext, types: readonly string[]): Array<[Assignment, number]> {
  const list = (p.data.assignments as Assignment[] | undefined) ?? [];
  return list.map((a, i) => [a, i] as [Assignment, number]).filter(([a]) => {
    const t = targetType(ctx, a);
    // IoT Central application roles are granted inside the application: no Azure scope, no listkeys.
    if (t === 'iot-central' && isIotCentralAppRole(a.role)) return false;
    return typeof t === 'string' ? types.includes(t) : a.on === undefined && a.scope !== undefined && a.scope !== 'resource';
  });
}

function noneStated(p: ModelElement): Outcome {
  return { value: undefined, evidence: [{ value: undefined, path: p.path, text: `principal '${p.id}' assignments are not stated` }] };
}

export const noListKeys: Predicate = {
  name: 'no-listkeys',
  description: 'No role assignment of the principal on an IoT hub grants Microsoft.Devices/iotHubs/listkeys/action (Owner, Contributor, or a custom role that lists it).',
  evaluate(p, ctx, args) {
    if (p.data.assignments === undefined) return noneStated(p);
    const types = (args.serviceTypes as string[] | undefined) ?? ['iot-hub'];
    const evidence: Evidence[] = [];
    const values = hubAssignments(p, ctx, types).map(([a, i]) => {
      const role = a.role.toLowerCase();
      const path = [...p.path, 'assignments', i];
      const where = a.on ? ` on '${a.on}'` : ` at ${a.scope} scope`;
      if (ROLES_WITH_LISTKEYS.has(role)) {
        evidence.push({ value: false, path, text: `role '${a.role}'${where} includes listkeys, which gives access to all shared access policies` });
        return false;
      }
      if (a.actions !== undefined) {
        const has = a.actions.some((x) => grants(x, LISTKEYS));
        evidence.push({ value: !has, path, text: has ? `custom role '${a.role}'${where} includes Microsoft.Devices/iotHubs/listkeys/action` : `role '${a.role}'${where} has no listkeys action` });
        return !has;
      }
      if (BUILT_IN_WITHOUT_LISTKEYS.has(role)) return true;
      evidence.push({ value: undefined, path, text: `custom role '${a.role}'${where} does not state its actions` });
      return undefined;
    });
    const value = triAnd(values);
    return { value, evidence: evidence.filter((e) => e.value === value) };
  },
};

export const narrowestScope: Predicate = {
  name: 'narrowest-scope',
  description: 'Every role assignment that reaches an IoT hub (or the given service types) is scoped to the resource itself, not its resource group, subscription or management group.',
  evaluate(p, ctx, args) {
    if (p.data.assignments === undefined) return noneStated(p);
    const types = (args.serviceTypes as string[] | undefined) ?? ['iot-hub'];
    const evidence: Evidence[] = [];
    const values = hubAssignments(p, ctx, types).map(([a, i]) => {
      const path = [...p.path, 'assignments', i];
      if (a.scope === undefined) {
        evidence.push({ value: undefined, path, text: `assignment of '${a.role}'${a.on ? ` on '${a.on}'` : ''} does not state its scope` });
        return undefined;
      }
      const ok = a.scope === 'resource';
      evidence.push({ value: ok, path: [...path, 'scope'], text: `role '${a.role}'${a.on ? ` on '${a.on}'` : ''} is assigned at ${a.scope} scope (expected resource scope)` });
      return ok;
    });
    const value = triAnd(values);
    return { value, evidence: evidence.filter((e) => e.value === value) };
  },
};
