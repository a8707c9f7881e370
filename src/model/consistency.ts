// Phase 3 of validation: combinations the guidance says will not work or must not happen (warnings).
import type { Diagnostic } from './diagnostics.js';
import { isIotCentralAppRole } from './roles.js';
import type { SolutionModel } from './schema.js';
import type { Path, YamlSource } from './source.js';

const DEVICE_ID = /^[A-Za-z0-9-]+$/;

export function consistencyDiagnostics(model: SolutionModel, source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (path: Path, code: string, message: string, hint?: string) => {
    const p = source.locate(path);
    out.push({ file: p.file, line: p.line, column: p.column, severity: 'warning', code, message, ...(hint ? { hint } : {}) });
  };
  // Devices and IoT Edge devices alike: a software TPM is for prototyping and testing only.
  const softwareTpm = (section: 'devices' | 'edges', i: number, what: string, e: { id: string; identity?: { softwareTpm?: boolean | undefined } | undefined }) => {
    if (e.identity?.softwareTpm !== true || (model.solution.environment !== undefined && model.solution.environment !== 'production')) return;
    warn([section, i, 'identity', 'softwareTpm'], 'software-tpm-production',
      `${what} '${e.id}' uses a software-emulated TPM${model.solution.environment ? ' in production' : ' and the solution may be in production'}`,
      'software TPMs are for prototyping and testing only; set solution.environment if this is not production');
  };
  const services = new Map((model.services ?? []).map((s) => [s.id, s]));
  const devices = new Map((model.devices ?? []).map((d) => [d.id, d]));

  (model.services ?? []).forEach((s, i) => {
    if (s.type === 'dps') {
      (s.linkedHubs ?? []).forEach((hubId, j) => {
        if (services.get(hubId)?.localAuth === false) {
          warn(['services', i, 'linkedHubs', j], 'dps-hub-local-auth-denied',
            `DPS '${s.id}' is linked to IoT hub '${hubId}' whose shared access policies are denied (localAuth: false): provisioning fails with "unauthorized"`,
            'DPS links hubs only through shared access policies; keep localAuth on that hub');
        }
      });
    }
  });

  (model.flows ?? []).forEach((f, i) => {
    if (f.auth === 'entra' && devices.has(f.from)) {
      warn(['flows', i, 'auth'], 'device-entra-auth',
        `flow '${f.id}' authenticates device '${f.from}' with Microsoft Entra ID, which IoT Hub device APIs do not support`,
        'use X.509 certificates or symmetric keys for devices');
    }
  });

  (model.principals ?? []).forEach((p, i) => {
    if (p.kind !== 'group') return;
    (p.assignments ?? []).forEach((a, j) => {
      const target = a.on !== undefined ? services.get(a.on) : undefined;
      if (target?.type === 'iot-central' || (target === undefined && isIotCentralAppRole(a.role))) {
        warn(['principals', i, 'assignments', j], 'central-entra-group',
          `group '${p.id}' is assigned the IoT Central role '${a.role}', but IoT Central does not support Microsoft Entra groups`,
          'assign the role to individual user accounts');
      }
    });
  });

  (model.devices ?? []).forEach((d, i) => {
    if (!DEVICE_ID.test(d.id)) {
      warn(['devices', i, 'id'], 'device-id-characters', `device id '${d.id}' contains characters other than letters, digits and '-'`,
        'IoT Central device ids may contain only letters, numbers and the - character');
    }
    softwareTpm('devices', i, 'device', d);
  });
  (model.edges ?? []).forEach((e, i) => softwareTpm('edges', i, 'IoT Edge device', e));

  const certificateOwner = new Map<string, string>();
  (model.services ?? []).forEach((s, i) => {
    (s.enrollmentGroups ?? []).forEach((g, j) => {
      if (g.attestation !== 'x509' || g.certificate === undefined) return;
      const other = certificateOwner.get(g.certificate);
      if (other !== undefined) {
        warn(['services', i, 'enrollmentGroups', j, 'certificate'], 'shared-group-certificate',
          `enrollment group '${g.id}' uses certificate '${g.certificate}' already used by enrollment group '${other}'`,
          'IoT Central does not support the same X.509 certificate across enrollment groups');
      } else {
        certificateOwner.set(g.certificate, g.id);
      }
    });
  });
  return out;
}
