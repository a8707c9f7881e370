// samples/hardened.yaml is the zero-gap reference: a cloud + edge solution that follows every recommendation the
// model can express. A new control or a changed applicability that it cannot meet fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessText } from './helpers/model.js';

const FILE = join(import.meta.dirname, '..', 'samples', 'hardened.yaml');
const a = assessText(readFileSync(FILE, 'utf8'), '2026-12-08');
const ids = (status: string) => a.findings.filter((f) => f.status === status).map((f) => `${f.control}@${f.element}`).sort();

/**
 * What the model cannot state, with the reason, one entry per unknown finding. Empty today: every property the
 * catalog reads can be stated. An entry belongs here only when no property could say it; otherwise add the property.
 */
const REMAINING_UNKNOWNS: Record<string, string> = {};

describe('samples/hardened.yaml', () => {
  it('covers both tabs of the guidance, in production', () => {
    expect(a.loaded.model.solution.architecture).toEqual(['cloud', 'edge']);
    expect(a.loaded.model.solution.environment).toBe('production');
    const runtimes = (a.loaded.model.edges ?? []).map((e) => e.runtime).sort();
    expect(runtimes).toEqual(['iot-edge', 'iot-operations']);
  });

  it('has no gap and accepts no risk', () => {
    expect(ids('gap')).toEqual([]);
    expect(ids('accepted')).toEqual([]);
    expect(a.loaded.model.risks ?? []).toEqual([]);
  });

  it('has no open threat (and none left unverified)', () => {
    expect(a.threats.filter((t) => t.status === 'open' || t.status === 'unverified').map((t) => `${t.threat}@${t.element}`)).toEqual([]);
  });

  it('lists its remaining unknowns, each something the model cannot state', () => {
    expect(ids('unknown')).toEqual(Object.keys(REMAINING_UNKNOWNS).sort());
  });

  it('meets the subtle ones: the IoT hub keeps shared access policies for its DPS link, IoT Central roles go to named users', () => {
    const status = (control: string, element: string) => a.findings.find((f) => f.control === control && f.element === element)?.status;
    // HUB-001 (deny shared access policies) yields to HUB-002 (DPS links hubs only through one).
    expect([status('HUB-001', 'iot-hub'), status('HUB-002', 'dps'), status('HUB-009', 'iot-hub')]).toEqual(['not-applicable', 'met', 'met']);
    // The Entra group holds no IoT Central role.
    expect(status('CENTRAL-001', 'platform-team')).toBe('met');
    // The IoT Edge gateway is assessed as a device identity; the Azure IoT Operations cluster is not.
    expect([status('DEV-011', 'cold-store-gateway'), status('DEV-011', 'packing-cluster')]).toEqual(['met', 'not-applicable']);
    // The cluster's connection to IoT Hub uses X.509: HUB-003 wins over EDGE-017.
    expect([status('HUB-003', 'cluster-to-hub'), status('EDGE-017', 'cluster-to-hub')]).toEqual(['met', 'not-applicable']);
  });
});
