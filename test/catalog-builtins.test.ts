// Built-in Azure Policy definitions and Defender recommendations named by controls: well-formed, traced to where
// they were verified, printed by `iotsec catalog show`, and named in the report's remediation for the products
// of the gapped elements only.
import { describe, expect, it } from 'vitest';
import { loadFrameworks } from '../src/catalog/frameworks.js';
import { main } from '../src/cli/program.js';
import { buildReportView } from '../src/report/view-model.js';
import { assessText, builtInCatalog } from './helpers/model.js';
import { viewOptions } from './helpers/report.js';

const catalog = builtInCatalog();
const withPolicies = catalog.controls.filter((c) => c.builtIns?.policies);
const withDefender = catalog.controls.filter((c) => c.builtIns?.defender);

describe('built-in checks in the catalog', () => {
  it('some controls name Azure Policy definitions and Defender recommendations', () => {
    expect(withPolicies.map((c) => c.id).sort()).toEqual(['CLOUD-013', 'CONN-007', 'CONN-009', 'HUB-001']);
    expect(withDefender.map((c) => c.id).sort()).toEqual(['CONN-002', 'CONN-008']);
  });

  it('each policy definition id is named once in the catalog, and its source is the built-in definition file of that name', () => {
    const ids = withPolicies.flatMap((c) => c.builtIns!.policies!.map((p) => p.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of withPolicies.flatMap((c) => c.builtIns!.policies!)) {
      expect(p.source, p.name).toMatch(/^https:\/\/github\.com\/Azure\/azure-policy\/blob\/master\/built-in-policies\/policyDefinitions\/.+\.json$/);
    }
    for (const d of withDefender.flatMap((c) => c.builtIns!.defender!)) expect(d.source, d.name).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  });

  it('`iotsec catalog show` prints them', async () => {
    const out: string[] = [];
    const code = await main(['catalog', 'show', 'HUB-001'], { out: (l) => out.push(l), err: () => {} });
    expect(code).toBe(0);
    expect(out).toContain('    Azure IoT Hub should have local authentication methods disabled for Service Apis (672d56b3-23a7-4a3c-a233-b77ed7777518) [iot-hub]');
    const def: string[] = [];
    await main(['catalog', 'show', 'CONN-002'], { out: (l) => def.push(l), err: () => {} });
    expect(def).toContain('    Same authentication credentials used by multiple devices (IoT_SharedCredentials) [iot-hub]');
  });

  it("the report's remediation names the policy of the gapped element's product only", () => {
    const frameworks = loadFrameworks();
    if (!frameworks.ok) throw new Error('frameworks.yaml does not load');
    const a = assessText(`
solution: { name: policies, architecture: cloud, environment: production }
services:
  - { id: hub, type: iot-hub, publicNetworkAccess: true }
  - { id: central, type: iot-central, publicNetworkAccess: false }
`);
    const view = buildReportView(a, frameworks.frameworks, viewOptions({}));
    const group = view.findings.areas.flatMap((x) => x.gapGroups).find((g) => g.id === 'CONN-009');
    expect(group?.policies).toEqual([{ name: 'Public network access on Azure IoT Hub should be disabled', id: '2d6830fb-07eb-48e7-8c4d-2a442b35f0fb' }]);
    expect(group?.defender).toEqual([]);
  });
});
