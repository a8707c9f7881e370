// Mermaid source: shapes, nested boundaries, labelled and coloured flows; escaping of every label;
// stable ids; large graphs split and collapsed within the limits.
import { describe, expect, it } from 'vitest';
import { architectureDiagrams, DIAGRAM_LIMITS, mermaidId, mermaidText, PLACEHOLDER_BASE, restorePlaceholders, type ArchitectureGraph } from '../src/report/mermaid.js';
import { HOSTILE } from './helpers/report.js';
import { breakLongWords, LABEL_WRAP, labelWidth } from '../src/report/label-breaks.js';

const small: ArchitectureGraph = {
  boundaries: [
    { id: 'cloud', name: 'Azure subscription', kind: 'cloud' },
    { id: 'vnet', name: 'Spoke VNet', kind: 'network', parent: 'cloud' },
    { id: 'empty', name: 'Empty zone', kind: 'site' },
  ],
  nodes: [
    { id: 'sensor', name: 'Sensor fleet', kind: 'device', detail: 'sensor ×40', units: 40, tone: 'critical' },
    { id: 'gw', name: 'Gateway', kind: 'edge', detail: 'IoT Edge', boundary: 'vnet', tone: 'unknown' },
    { id: 'hub', name: 'IoT Hub', kind: 'service', detail: 'IoT Hub', boundary: 'cloud', tone: 'ok' },
    { id: 'db', name: 'Archive', kind: 'service', detail: 'Storage', store: true, boundary: 'vnet', tone: 'medium' },
    { id: 'ops', name: 'Operator', kind: 'principal', detail: 'user', tone: 'none' },
  ],
  flows: [
    { id: 'f1', from: 'sensor', to: 'hub', label: ['MQTT', 'TLS 1.2 · SAS'], tone: 'critical' },
    { id: 'f2', from: 'gw', to: 'hub', label: ['AMQP', 'TLS ? · X.509'], tone: 'unknown' },
    { id: 'f3', from: 'hub', to: 'db', label: ['HTTPS', 'TLS 1.2 · managed identity'], tone: 'ok' },
    { id: 'r1', from: 'ops', to: 'hub', label: [], tone: 'none', access: true },
  ],
};

/** The source with placeholders shown as the characters they stand for, for reading. */
function readable(src: string): string {
  return src.replace(/[\ue000-\ue07f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - PLACEHOLDER_BASE));
}

describe('Mermaid source', () => {
  it('draws boundaries as nested subgraphs, kinds as shapes, flows labelled and coloured (snapshot)', () => {
    const [d, ...rest] = architectureDiagrams(small);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ key: 'arch-all', title: 'Whole solution', nodes: 5, edges: 4, collapsed: false });
    expect(readable(d!.source)).toMatchInlineSnapshot(`
      "flowchart LR
        classDef device fill:#eaf2fb,stroke:#47698f,color:#0f2537,stroke-width:1.5px
        classDef edge fill:#f1ebfa,stroke:#6b4f9a,color:#24163a,stroke-width:1.5px
        classDef service fill:#e8f5ee,stroke:#3f7a5a,color:#0f2a1c,stroke-width:1.5px
        classDef principal fill:#fdf2e2,stroke:#9a6a1f,color:#2f1f06,stroke-width:1.5px
        classDef summary fill:#f1f4f8,stroke:#52607a,color:#172033,stroke-width:1.5px
        classDef tone_critical stroke:#9f1239,stroke-width:3px
        classDef tone_high stroke:#c2410c,stroke-width:3px
        classDef tone_medium stroke:#a16207,stroke-width:3px
        classDef tone_low stroke:#1d4ed8,stroke-width:3px
        subgraph b_cloud_1ac6a97e["Azure subscription"]
          n_hub_e48d64ec["IoT Hub<br/>IoT Hub"]
          subgraph b_vnet_c2dc211c["Spoke VNet"]
            n_gw_4a2083e3{{"Gateway<br/>IoT Edge"}}
            n_db_571cc6c3[("Archive<br/>Storage")]
          end
        end
        n_sensor_83b6367b("Sensor fleet<br/>sensor ×40")
        n_ops_b822999b[/"Operator<br/>user"/]
        n_sensor_83b6367b -->|"MQTT<br/>TLS 1.2 · SAS"| n_hub_e48d64ec
        n_gw_4a2083e3 -->|"AMQP<br/>TLS ? · X.509"| n_hub_e48d64ec
        n_hub_e48d64ec -->|"HTTPS<br/>TLS 1.2 · managed identity"| n_db_571cc6c3
        n_ops_b822999b -.-> n_hub_e48d64ec
        linkStyle 0 stroke:#9f1239,stroke-width:2.5px
        linkStyle 1 stroke:#64748b,stroke-width:1.5px,stroke-dasharray:5 4
        linkStyle 2 stroke:#15803d,stroke-width:1.5px
        linkStyle 3 stroke:#8a94a6,stroke-width:1px,stroke-dasharray:2 3
        style b_cloud_1ac6a97e fill:#f3f8fe,stroke:#3b6ea5,stroke-width:1.5px,color:#10243a
        style b_vnet_c2dc211c fill:#f7f9fc,stroke:#7b8aa3,stroke-width:1px,stroke-dasharray:3 3,color:#1f2a3d
        class n_sensor_83b6367b device
        class n_gw_4a2083e3 edge
        class n_hub_e48d64ec,n_db_571cc6c3 service
        class n_ops_b822999b principal
        class n_db_571cc6c3 tone_medium
        class n_sensor_83b6367b tone_critical
      "
    `);
  });

  it('leaves out boundaries with nothing inside', () => {
    expect(architectureDiagrams(small)[0]!.source).not.toContain(mermaidId('b', 'empty'));
  });

  it('escapes every label: nothing from the model reaches Mermaid’s grammar, directives or entities', () => {
    const t = mermaidText(HOSTILE);
    for (const c of ['"', '#', '%', ';', '<', '>', '`', '[', ']', '{', '}', '(', ')', '|', '&', '\\']) expect(t).not.toContain(c);
    expect(t).not.toMatch(/[\n\r]/);
    // Placeholders come back as character references, never as markup.
    const restored = restorePlaceholders(t);
    expect(restored).not.toMatch(/[<>"]/);
    expect(restored).toContain('&#60;script&#62;');
    expect(restored).toContain('&#37;&#37;&#123;init');
    expect(mermaidText('line one\nline two\r\n\tthree')).toBe('line one line two three');
    // Private-use characters in the input cannot pose as placeholders.
    expect(restorePlaceholders(mermaidText(String.fromCharCode(PLACEHOLDER_BASE + 60)))).toBe('\ufffd');
    expect([...mermaidText('x'.repeat(500))].length).toBeLessThanOrEqual(90);
  });

  it('a hostile graph yields a source whose only quotes, brackets and %% are its own', () => {
    const g: ArchitectureGraph = {
      boundaries: [{ id: HOSTILE, name: HOSTILE, kind: 'cloud' }],
      nodes: [
        { id: `${HOSTILE}1`, name: HOSTILE, kind: 'device', detail: HOSTILE, boundary: HOSTILE, tone: 'high' },
        { id: `${HOSTILE}2`, name: HOSTILE, kind: 'principal', tone: 'none' },
      ],
      flows: [{ id: HOSTILE, from: `${HOSTILE}1`, to: `${HOSTILE}2`, label: [HOSTILE, HOSTILE], tone: 'high' }],
    };
    const src = architectureDiagrams(g)[0]!.source;
    expect(src).not.toContain('%%');
    expect(src).not.toContain('<script');
    expect(src).not.toContain('`');
    expect(src).not.toContain('#quot;');
    expect(src.replace(/<br\/>|-->|-\.->/g, '')).not.toMatch(/[<>]/);
    // Every line is one statement: quotes come in pairs that open and close labels.
    for (const line of src.trimEnd().split('\n')) expect((line.match(/"/g) ?? []).length % 2).toBe(0);
  });

  it('maps ids to [A-Za-z0-9_], stably, keeping ids that reduce alike apart', () => {
    for (const id of [HOSTILE, 'end', 'a-b', 'a_b', 'é', '', '1abc']) expect(mermaidId('n', id)).toMatch(/^n_[A-Za-z0-9_]+$/);
    expect(mermaidId('n', 'a-b')).toBe(mermaidId('n', 'a-b'));
    expect(mermaidId('n', 'a-b')).not.toBe(mermaidId('n', 'a_b'));
    expect(mermaidId('n', 'end')).not.toBe('end');
  });
});

describe('large models', () => {
  function big(sites: number, devicesPerSite: number): ArchitectureGraph {
    const g: ArchitectureGraph = { boundaries: [{ id: 'cloud', name: 'Cloud', kind: 'cloud' }], nodes: [{ id: 'hub', name: 'Hub', kind: 'service', boundary: 'cloud', tone: 'ok' }], flows: [] };
    for (let s = 0; s < sites; s++) {
      g.boundaries.push({ id: `site-${s}`, name: `Site ${s}`, kind: 'site' });
      for (let d = 0; d < devicesPerSite; d++) {
        const id = `dev-${s}-${d}`;
        g.nodes.push({ id, name: id, kind: 'device', detail: d % 3 ? 'sensor' : 'legacy', boundary: `site-${s}`, units: 10, tone: d % 7 ? 'ok' : 'high' });
        g.flows.push({ id: `f-${id}`, from: id, to: 'hub', label: ['MQTT', 'TLS 1.2 · X.509'], tone: d % 7 ? 'ok' : 'high' });
      }
    }
    return g;
  }

  it('beyond the limits: an overview with boundaries collapsed, then one diagram per boundary, each within the limits', () => {
    const ds = architectureDiagrams(big(12, 40));
    expect(ds[0]).toMatchObject({ key: 'arch-overview', collapsed: true });
    expect(ds.length).toBe(1 + 13); // overview, cloud, 12 sites
    for (const d of ds) {
      expect(d.nodes).toBeLessThanOrEqual(DIAGRAM_LIMITS.maxNodes);
      expect(d.edges).toBeLessThanOrEqual(DIAGRAM_LIMITS.maxEdges);
      expect(d.source.length).toBeLessThanOrEqual(DIAGRAM_LIMITS.maxTextSize);
      expect(d.devices).toBeLessThanOrEqual(DIAGRAM_LIMITS.readableDevices);
    }
    const site = ds.find((d) => d.title === 'Site 0')!;
    expect(site.collapsed).toBe(true);
    expect(readable(site.source)).toContain('sensor devices');
    expect(new Set(ds.map((d) => d.key)).size).toBe(ds.length);
  });

  it('a graph of 2,000 devices still yields diagrams within every limit', () => {
    for (const d of architectureDiagrams(big(40, 50))) {
      expect(d.nodes).toBeLessThanOrEqual(DIAGRAM_LIMITS.maxNodes);
      expect(d.edges).toBeLessThanOrEqual(DIAGRAM_LIMITS.maxEdges);
      expect(d.source.length).toBeLessThanOrEqual(DIAGRAM_LIMITS.maxTextSize);
    }
  });
});

describe('label line breaks', () => {
  it('breaks a word wider than the wrapping width after a separator, not inside a name', () => {
    expect(breakLongWords('System-assigned identity of app-nf-coldchain-dashboard')).toEqual(['System-assigned identity of app-nf-coldchain-', 'dashboard']);
    expect(breakLongWords('(j.devries@nordfrost.example) x')).toEqual(['(j.devries@nordfrost.', 'example) x']);
    expect(breakLongWords('harbourpoint.azureiotcentral.com (ST2)')).toEqual(['harbourpoint.', 'azureiotcentral.com (ST2)']);
  });

  it('leaves short text, words without separators and digit-led pieces to Mermaid', () => {
    expect(breakLongWords('IoT Hub iot-nf-coldchain-weu (S2, 3 units)')).toEqual(['IoT Hub iot-nf-coldchain-weu (S2, 3 units)']);
    expect(breakLongWords('Supercalifragilisticexpialidociouslylongname')).toEqual(['Supercalifragilisticexpialidociouslylongname']);
    // "1.2.3.4.5…" never starts a line with a digit ("1." could read as a Markdown list).
    expect(breakLongWords('firmware-version-1.2.3.4.5.6.7.8.9.10.11.12.13').every((l) => !/^\d/.test(l))).toBe(true);
  });

  it('estimates widths from the font metrics, other characters as 1 em', () => {
    expect(labelWidth('i')).toBeCloseTo((222 * LABEL_WRAP.fontSize) / 1000);
    expect(labelWidth('W')).toBeCloseTo((944 * LABEL_WRAP.fontSize) / 1000);
    expect(labelWidth('東')).toBe(LABEL_WRAP.fontSize);
  });
});
