// Azure RBAC analysis across principals and services ("Control access to IoT Hub by using Microsoft Entra ID").
import type { ModelElement } from '../../model/elements.js';
import { isIotCentralAppRole } from '../../model/roles.js';
import type { Principal } from '../../model/schema.js';
import type { Evidence, Outcome, Unstated } from '../condition.js';
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

/**
 * Assignments that reach an IoT hub (or the given types): on one, or at a broad scope without a named
 * target. `maybe` marks those the model leaves open (target type or scope not stated): they can only
 * make the result unknown, never met.
 */
function hubAssignments(p: ModelElement, ctx: EvaluationContext, types: readonly string[]): Array<[Assignment, number, boolean]> {
  const list = (p.data.assignments as Assignment[] | undefined) ?? [];
  const out: Array<[Assignment, number, boolean]> = [];
  list.forEach((a, i) => {
    const t = targetType(ctx, a);
    // IoT Central application roles are granted inside the application: no Azure scope, no listkeys.
    if (t === 'iot-central' && isIotCentralAppRole(a.role)) return;
    if (typeof t === 'string') {
      if (types.includes(t)) out.push([a, i, false]);
    } else if (a.on !== undefined || a.scope === undefined) {
      out.push([a, i, true]); // a target of unstated type, or neither target nor scope
    } else if (a.scope !== 'resource') {
      out.push([a, i, false]);
    }
  });
  return out;
}

function unclear(a: Assignment): string {
  return a.on !== undefined ? `the type of '${a.on}' is not stated` : 'neither its target (on) nor its scope is stated';
}

/** What is missing when an assignment's target is unclear: the target service's type, or the assignment's target. */
function unclearProperty(p: ModelElement, a: Assignment, i: number): Unstated {
  return a.on !== undefined ? { element: a.on, property: 'type' } : { element: p.id, property: `assignments[${i}].on` };
}

function noneStated(p: ModelElement): Outcome {
  return { value: undefined, evidence: [{ value: undefined, path: p.path, text: `principal '${p.id}' assignments are not stated`, unstated: { element: p.id, property: 'assignments' } }] };
}

export const noListKeys: Predicate = {
  name: 'no-listkeys',
  description: 'No role assignment of the principal on an IoT hub grants Microsoft.Devices/iotHubs/listkeys/action (Owner, Contributor, or a custom role that lists it).',
  evaluate(p, ctx, args) {
    if (p.data.assignments === undefined) return noneStated(p);
    const types = (args.serviceTypes as string[] | undefined) ?? ['iot-hub'];
    const evidence: Evidence[] = [];
    const values = hubAssignments(p, ctx, types).map(([a, i, maybe]) => {
      const role = a.role.toLowerCase();
      const path = [...p.path, 'assignments', i];
      const where = a.on ? ` on '${a.on}'` : a.scope ? ` at ${a.scope} scope` : '';
      const grantsListKeys = ROLES_WITH_LISTKEYS.has(role) || (a.actions !== undefined && a.actions.some((x) => grants(x, LISTKEYS)));
      if (maybe) {
        if (!grantsListKeys && (BUILT_IN_WITHOUT_LISTKEYS.has(role) || a.actions !== undefined)) return true;
        evidence.push({ value: undefined, path, text: `role '${a.role}'${where} may reach an IoT hub: ${unclear(a)}`, unstated: unclearProperty(p, a, i) });
        return undefined;
      }
      if (ROLES_WITH_LISTKEYS.has(role)) {
        evidence.push({ value: false, path, text: `role '${a.role}'${where} includes listkeys, which gives access to all shared access policies` });
        return false;
      }
      if (a.actions !== undefined) {
        const has = grantsListKeys; // not a listkeys role here, so only the actions decide
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
    const values = hubAssignments(p, ctx, types).map(([a, i, maybe]) => {
      const path = [...p.path, 'assignments', i];
      if (maybe && a.scope !== undefined && a.scope !== 'resource') {
        evidence.push({ value: undefined, path, text: `role '${a.role}' at ${a.scope} scope may reach an IoT hub: ${unclear(a)}`, unstated: unclearProperty(p, a, i) });
        return undefined;
      }
      if (a.scope === undefined) {
        evidence.push({ value: undefined, path, text: `assignment of '${a.role}'${a.on ? ` on '${a.on}'` : ''} does not state its scope`, unstated: { element: p.id, property: `assignments[${i}].scope` } });
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
