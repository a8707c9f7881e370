// Models for the report tests: a small solution with gaps, unknowns, a decision and nested boundaries,
// and a hostile one whose every name and id tries to break out of HTML, Mermaid or Handlebars.
import { stringify } from 'yaml';
import type { ReportOptions } from '../../src/report/view-model.js';

export const SMALL_MODEL = `
solution:
  name: Test plant
  version: "1.0"
  owner: Test Owner Ltd
  architecture: cloud
  environment: production
boundaries:
  - { id: cloud, name: Azure subscription, kind: cloud }
  - { id: vnet, name: Spoke VNet, kind: network, inside: cloud }
  - { id: site, name: Factory site, kind: site }
devices:
  - id: sensors
    name: Temperature sensors
    boundary: site
    count: 40
    kind: sensor
    identity: { method: symmetric-key, keyScope: shared, storage: file }
    tls: { minVersion: "1.2" }
  - id: cameras
    name: Cameras
    boundary: site
    count: 3
    identity: { method: x509-ca, keyScope: per-device, storage: tpm }
services:
  - { id: hub, name: IoT Hub, boundary: cloud, type: iot-hub, localAuth: true, minTls: "1.2", publicNetworkAccess: true }
  - { id: store, name: Archive, boundary: vnet, type: storage, localAuth: false, entraAuth: true }
principals:
  - id: ops
    name: Operator
    kind: user
    mfa: false
    assignments: [{ role: IoT Hub Data Reader, scope: resource, on: hub }]
flows:
  - { id: telemetry, name: Sensor telemetry, from: sensors, to: hub, protocol: mqtt, port: 8883, tls: "1.2", auth: sas, network: internet, data: [telemetry] }
  - { id: video, from: cameras, to: hub, protocol: https, tls: none, auth: x509, network: internet }
  - { id: archive, from: hub, to: store, protocol: https, tls: "1.2", auth: managed-identity }
risks:
  - { control: CONN-002, element: sensors, status: accepted, justification: Replaced next year, owner: CISO, expires: 2020-01-01 }
`;

/** Every kind of escape at once: HTML, Mermaid (quotes, brackets, directives, entities, markdown), Handlebars. */
export const HOSTILE = '"]);<script>alert(1)</script>%%{init:{"theme":"dark"}}%% `x` #quot; ; <img src=x onerror=alert(2)> {{7*7}} [b] (c) |d| & &amp; \\ end';

export function hostileModel(): string {
  const id = (k: string) => `${HOSTILE} ${k}`;
  return stringify({
    solution: { name: HOSTILE, owner: `${HOSTILE} owner`, version: HOSTILE.slice(0, 100) /* solution.version is at most 100 characters */, description: `${HOSTILE}\nsecond line`, architecture: ['cloud', 'edge'] },
    boundaries: [
      { id: id('b1'), name: `${HOSTILE} B1`, kind: 'cloud' },
      { id: id('b2'), name: `${HOSTILE} B2`, kind: 'network', inside: id('b1') },
    ],
    devices: [
      { id: id('d1'), name: `${HOSTILE} D1`, boundary: id('b2'), count: 5, identity: { method: 'symmetric-key', keyScope: 'shared' } },
      { id: id('d2'), name: `${HOSTILE}\nD2` },
    ],
    edges: [{ id: id('e1'), name: `${HOSTILE} E1`, boundary: id('b2'), gatewayFor: [id('d2')] }],
    services: [
      { id: id('s1'), name: `${HOSTILE} S1`, boundary: id('b1'), type: 'iot-hub', localAuth: true },
      { id: id('s2'), name: `${HOSTILE} S2`, type: 'storage' },
    ],
    principals: [{ id: id('p1'), name: `${HOSTILE} P1`, kind: 'user', assignments: [{ role: HOSTILE, on: id('s1') }] }],
    flows: [
      { id: id('f1'), name: `${HOSTILE} F1`, from: id('d1'), to: id('s1'), protocol: 'mqtt', tls: '1.2', auth: 'sas' },
      { id: id('f2'), from: id('e1'), to: id('s1'), protocol: 'amqp', tls: 'none' },
      { id: id('f3'), from: id('s1'), to: id('s2') },
    ],
    risks: [{ control: 'CONN-002', element: id('d1'), status: 'accepted', justification: `${HOSTILE} J`, owner: `${HOSTILE} O`, expires: '2030-01-01' }],
  });
}

export function viewOptions(extra: Partial<ReportOptions> = {}): ReportOptions {
  return {
    paper: 'a4',
    date: '2026-11-23',
    reportId: '0123456789abcdef',
    toolName: 'iotsec',
    toolVersion: '0.0.0-test',
    modelFile: 'model.yaml',
    modelSha256: 'f'.repeat(64),
    ...extra,
  };
}
