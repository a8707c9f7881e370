// Checks across IoT Hub, DPS and IoT Central records.
import type { Service } from '../../model/schema.js';
import type { Evidence } from '../condition.js';
import { triAnd } from '../tri.js';
import type { Predicate } from './types.js';

type Policy = NonNullable<Service['sharedAccessPolicies']>[number];

export const linkedHubsAcceptSas: Predicate = {
  name: 'linked-hubs-accept-sas',
  description: 'Every IoT hub linked to this DPS still accepts shared access policies (DPS links hubs only that way).',
  evaluate(dps, ctx) {
    const hubs = dps.data.linkedHubs as string[] | undefined;
    if (hubs === undefined) return { value: undefined, evidence: [{ value: undefined, path: dps.path, text: 'linkedHubs is not stated', unstated: { element: dps.id, property: 'linkedHubs' } }] };
    const evidence: Evidence[] = [];
    const values = hubs.map((id, i) => {
      const hub = ctx.index.byId.get(id);
      const localAuth = hub?.data.localAuth;
      const path = [...dps.path, 'linkedHubs', i];
      if (localAuth === undefined) {
        evidence.push({ value: undefined, path, text: `linked hub '${id}' localAuth is not stated`, unstated: { element: id, property: 'localAuth' } });
        return undefined;
      }
      evidence.push({ value: localAuth === true, path, text: `linked hub '${id}' has localAuth ${String(localAuth)}` });
      return localAuth === true;
    });
    const value = triAnd(values);
    return { value, evidence: evidence.filter((e) => e.value === value) };
  },
};

const ALL = ['RegistryRead', 'RegistryReadWrite', 'ServiceConnect', 'DeviceConnect'];

export const sasPoliciesLeastPrivilege: Predicate = {
  name: 'sas-policies-least-privilege',
  description: 'Shared access policies used by back-end principals grant no device permission (DeviceConnect) and are not owner-level (iothubowner or every permission).',
  evaluate(svc) {
    if (svc.data.localAuth === false) {
      return { value: true, evidence: [{ value: true, path: [...svc.path, 'localAuth'], text: 'shared access policies are denied' }] };
    }
    const policies = svc.data.sharedAccessPolicies as Policy[] | undefined;
    if (policies === undefined) return { value: undefined, evidence: [{ value: undefined, path: svc.path, text: 'sharedAccessPolicies is not stated', unstated: { element: svc.id, property: 'sharedAccessPolicies' } }] };
    const evidence: Evidence[] = [];
    const values = policies.map((p, i) => {
      const path = [...svc.path, 'sharedAccessPolicies', i];
      const ownerLevel = p.name.toLowerCase() === 'iothubowner' || (p.permissions !== undefined && ALL.every((x) => p.permissions!.includes(x as never)));
      if (p.usedBy === undefined) {
        // Unused owner-level or device policies are harmless; whether they are used is not stated.
        if (!ownerLevel && p.permissions !== undefined && !p.permissions.includes('DeviceConnect')) return true;
        evidence.push({ value: undefined, path, text: `policy '${p.name}' does not state who uses it (usedBy)`, unstated: { element: svc.id, property: `sharedAccessPolicies[${i}].usedBy` } });
        return undefined;
      }
      if (p.usedBy.length === 0) return true;
      const users = p.usedBy.join(', ');
      if (ownerLevel) {
        evidence.push({ value: false, path, text: `owner-level policy '${p.name}' is used by ${users}` });
        return false;
      }
      if (p.permissions === undefined) {
        evidence.push({ value: undefined, path, text: `policy '${p.name}' used by ${users} does not state its permissions`, unstated: { element: svc.id, property: `sharedAccessPolicies[${i}].permissions` } });
        return undefined;
      }
      if (p.permissions.includes('DeviceConnect')) {
        evidence.push({ value: false, path: [...path, 'permissions'], text: `policy '${p.name}' used by back-end ${users} grants DeviceConnect` });
        return false;
      }
      return true;
    });
    const value = triAnd(values);
    return { value, evidence: evidence.filter((e) => e.value === value) };
  },
};

export const uniqueGroupCertificate: Predicate = {
  name: 'unique-group-certificate',
  description: "The enrollment group's X.509 certificate is not used by any other enrollment group.",
  evaluate(group, ctx) {
    const cert = group.data.certificate;
    if (typeof cert !== 'string') return { value: undefined, evidence: [{ value: undefined, path: group.path, text: `enrollment group '${group.id}' certificate is not stated`, unstated: { element: group.id, property: 'certificate' } }] };
    const others = ctx.index.all.filter((e) => e.kind === 'enrollment-group' && e !== group && e.data.certificate === cert).map((e) => e.id);
    const value = others.length === 0;
    return {
      value,
      evidence: [{ value, path: [...group.path, 'certificate'], text: value ? `certificate '${cert}' is used by this group only` : `certificate '${cert}' is also used by enrollment group ${others.map((o) => `'${o}'`).join(', ')}` }],
    };
  },
};
