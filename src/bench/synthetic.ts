// A synthetic solution of any size, for benchmarks: fleets, gateways, services, principals and flows.
import { stringify } from 'yaml';

export function syntheticModel(elements: number): string {
  const devices: unknown[] = [];
  const edges: unknown[] = [];
  const services: unknown[] = [];
  const principals: unknown[] = [];
  const flows: unknown[] = [];
  const boundaries = [
    { id: 'internet', kind: 'internet' },
    { id: 'cloud', kind: 'cloud' },
    ...Array.from({ length: 10 }, (_, i) => ({ id: `site-${i}`, kind: 'site' })),
  ];
  const hubs = Math.max(1, Math.round(elements / 2000));
  for (let i = 0; i < hubs; i++) {
    services.push({ id: `hub-${i}`, type: 'iot-hub', boundary: 'cloud', localAuth: i % 2 === 0, minTls: '1.2', publicNetworkAccess: i % 3 === 0, sharedAccessPolicies: [{ name: 'iothubowner', permissions: ['RegistryReadWrite', 'ServiceConnect', 'DeviceConnect'], usedBy: ['p-0'] }] });
  }
  services.push({ id: 'dps', type: 'dps', boundary: 'cloud', linkedHubs: services.map((s) => (s as { id: string }).id) });
  services.push({ id: 'central', type: 'iot-central', boundary: 'cloud', enrollmentGroups: [{ id: 'eg-x509', attestation: 'x509', certificate: 'root-a' }, { id: 'eg-sas', attestation: 'sas' }] });
  let n = boundaries.length + services.length + 2;
  let i = 0;
  while (n < elements) {
    const site = `site-${i % 10}`;
    if (i % 50 === 0) {
      edges.push({ id: `edge-${i}`, boundary: site, runtime: i % 100 === 0 ? 'iot-operations' : 'iot-edge', gatewayFor: [`dev-${i + 1}`], upgrades: 'manual', patched: i % 3 !== 0, broker: { authentication: ['x509'], authorization: 'least-privilege' } });
      n++;
    } else if (i % 25 === 0) {
      principals.push({ id: `p-${i}`, kind: i % 2 ? 'user' : 'service-principal', assignments: [{ role: i % 4 ? 'IoT Hub Data Reader' : 'Contributor', scope: i % 3 ? 'resource' : 'subscription', on: 'hub-0' }] });
      n++;
    } else {
      devices.push({
        id: `dev-${i}`, boundary: site, count: 1 + (i % 500), kind: i % 7 === 0 ? 'legacy' : 'sensor', deployment: i % 2 ? 'public' : 'supervised',
        hardware: i % 3 ? { tpm: true, secureBoot: i % 5 !== 0 } : {},
        identity: { method: i % 2 ? 'x509-ca' : 'symmetric-key', keyScope: i % 11 ? 'per-device' : 'shared', storage: i % 4 ? 'tpm' : 'file', enrollmentGroup: i % 2 ? 'eg-x509' : 'eg-sas' },
        tls: { minVersion: i % 9 ? '1.2' : '1.0' },
      });
      flows.push({ id: `flow-${i}`, from: `dev-${i}`, to: `hub-${i % hubs}`, protocol: 'mqtt', tls: i % 13 ? '1.2' : 'none', auth: i % 2 ? 'x509' : 'sas', network: 'internet', data: ['telemetry'] });
      n += 2;
    }
    i++;
  }
  principals.push({ id: 'p-0', kind: 'service-principal' });
  return stringify({ solution: { name: `synthetic-${elements}`, architecture: ['cloud', 'edge'], environment: 'production' }, boundaries, devices, edges, services, principals, flows });
}
