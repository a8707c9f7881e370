// Mermaid source: shapes, nested boundaries, labelled and coloured flows; escaping of every label;
// stable ids; large graphs split and collapsed within the limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { architectureDiagrams, DIAGRAM_LIMITS, mermaidId, mermaidText, nodeLines, OUTSIDE_TITLE, PLACEHOLDER_BASE, refineDiagram, restorePlaceholders, type ArchitectureGraph, type DiagramSpec } from '../src/report/mermaid.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { figureBox, measureSvg, MIN_TEXT_PT, PRINT_BOX, printedTextPt } from '../src/report/diagram-size.js';
import { TEMPLATE_DIR } from '../src/report/html.js';
import { legibleFigures } from '../src/report/render-diagrams.js';
import { Reporter } from '../src/report/reporter.js';
import { buildReportView } from '../src/report/view-model.js';
import { assessText } from './helpers/model.js';
import { HOSTILE, viewOptions } from './helpers/report.js';
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
    expect(d).toMatchObject({ key: 'arch-all', title: 'Whole solution', nodes: 5, edges: 3, collapsed: false, direction: 'LR', flows: ['f1', 'f2', 'f3'] });
    expect(readable(d!.source)).toMatchInlineSnapshot(`
      "flowchart LR
        classDef device fill:#eaf2fb,stroke:#47698f,color:#0f2537,stroke-width:1.5px
        classDef edge fill:#f1ebfa,stroke:#6b4f9a,color:#24163a,stroke-width:1.5px
        classDef service fill:#e8f5ee,stroke:#3f7a5a,color:#0f2a1c,stroke-width:1.5px
        classDef principal fill:#fdf2e2,stroke:#9a6a1f,color:#2f1f06,stroke-width:1.5px
        classDef summary fill:#f1f4f8,stroke:#52607a,color:#172033,stroke-width:1.5px
        classDef stub fill:#ffffff,stroke:#64748b,color:#1e293b,stroke-width:1px,stroke-dasharray:4 3
        classDef tone_critical stroke:#9f1239,stroke-width:3px
        classDef tone_high stroke:#c2410c,stroke-width:3px
        classDef tone_medium stroke:#a16207,stroke-width:3px
        classDef tone_low stroke:#1d4ed8,stroke-width:3px
        subgraph b_cloud_1ac6a97e["Azure subscription"]
          n_hub_e48d64ec["IoT Hub"]
          subgraph b_vnet_c2dc211c["Spoke VNet"]
            n_gw_4a2083e3{{"Gateway<br/>IoT Edge"}}
            n_db_571cc6c3[("Archive<br/>Storage")]
          end
        end
        subgraph b_outside["Outside any trust boundary"]
          n_sensor_83b6367b("Sensor fleet<br/>sensor ×40")
          n_ops_b822999b[/"Operator<br/>user"/]
        end
        n_sensor_83b6367b -->|"MQTT<br/>TLS 1.2 · SAS"| n_hub_e48d64ec
        n_gw_4a2083e3 -->|"AMQP<br/>TLS ? · X.509"| n_hub_e48d64ec
        n_hub_e48d64ec -->|"HTTPS<br/>TLS 1.2 · managed identity"| n_db_571cc6c3
        linkStyle 0 stroke:#9f1239,stroke-width:2.5px
        linkStyle 1 stroke:#64748b,stroke-width:1.5px,stroke-dasharray:5 4
        linkStyle 2 stroke:#15803d,stroke-width:1.5px
        style b_cloud_1ac6a97e fill:#f3f8fe,stroke:#3b6ea5,stroke-width:1.5px,color:#10243a
        style b_vnet_c2dc211c fill:#f7f9fc,stroke:#7b8aa3,stroke-width:1px,stroke-dasharray:3 3,color:#1f2a3d
        style b_outside fill:#ffffff,stroke:#94a3b8,stroke-width:1px,stroke-dasharray:1 5,color:#475569
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

describe('large models', () => {
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

describe('what the figures show', () => {
  it('labels do not repeat the kind when the name already says it', () => {
    expect(nodeLines('IoT Hub', 'IoT Hub')).toEqual(['IoT Hub']);
    expect(nodeLines('iot-hub', 'IoT Hub')).toEqual(['iot-hub']);
    expect(nodeLines('Event Hubs namespace evhns-1', 'Event Hubs')).toEqual(['Event Hubs namespace evhns-1']);
    expect(nodeLines('Sensor fleet', 'sensor ×40')).toEqual(['Sensor fleet', 'sensor ×40']);
    expect(nodeLines('Hubble', 'Hub')).toEqual(['Hubble', 'Hub']);
    expect(architectureDiagrams(small)[0]!.source).toContain('n_hub_e48d64ec["IoT Hub"]');
  });

  it('elements in no boundary are grouped as such, drawn unlike a boundary; empty boundaries are not drawn', () => {
    const src = architectureDiagrams(small)[0]!.source;
    expect(readable(src)).toMatch(new RegExp(`subgraph b_outside\\["${OUTSIDE_TITLE}"\\]\\n\\s+n_sensor_\\w+\\(`));
    expect(src).toMatch(/style b_outside fill:#ffffff,.*stroke-dasharray/);
    expect(src).not.toContain(mermaidId('b', 'empty'));
    // Without any boundary there is nothing to be outside of: no group.
    expect(architectureDiagrams({ ...small, boundaries: [], nodes: small.nodes.map(({ boundary: _b, ...n }) => n) })[0]!.source).not.toContain('b_outside');
  });

  it('no arrow is a role assignment: every edge is a data flow', () => {
    for (const d of architectureDiagrams(small)) expect(d.source).not.toMatch(/-\.->|==>/);
  });
});

/** Leaves of the full refinement, as if every figure printed too small until nothing is left to try. */
function refineAll(g: ArchitectureGraph, specs: DiagramSpec[], depth = 0): DiagramSpec[] {
  return specs.flatMap((s) => {
    const r = depth < 12 ? refineDiagram(g, s) : undefined;
    return r === undefined ? [s] : refineAll(g, r, depth + 1);
  });
}

describe('splitting a figure that prints too small', () => {
  const nested: ArchitectureGraph = {
    boundaries: [
      { id: 'cloud', name: 'Cloud', kind: 'cloud' },
      { id: 'vnet', name: 'VNet', kind: 'network', parent: 'cloud' },
      { id: 'plant', name: 'Plant', kind: 'site' },
      { id: 'ot', name: 'OT cell', kind: 'network', parent: 'plant' },
      { id: 'empty', name: 'Nothing here', kind: 'site' },
    ],
    nodes: [
      { id: 'hub', name: 'Hub', kind: 'service', detail: 'IoT Hub', boundary: 'cloud', tone: 'ok' },
      { id: 'eh', name: 'Events', kind: 'service', detail: 'Event Hubs', boundary: 'vnet', tone: 'ok' },
      { id: 'gw', name: 'Gateway', kind: 'edge', boundary: 'plant', tone: 'high' },
      { id: 'plc', name: 'PLC', kind: 'device', detail: 'plc ×4', boundary: 'ot', units: 4, tone: 'high' },
      { id: 'truck', name: 'Trucks', kind: 'device', detail: 'tracker ×10,000', units: 10_000, tone: 'medium' },
      { id: 'app', name: 'App', kind: 'principal', tone: 'none' },
    ],
    flows: [
      { id: 'f-modbus', from: 'gw', to: 'plc', label: ['Modbus · no TLS', 'no auth'], tone: 'high' },
      { id: 'f-up', from: 'gw', to: 'hub', label: ['AMQP · TLS 1.2', 'X.509'], tone: 'ok' },
      { id: 'f-truck', from: 'truck', to: 'hub', label: ['MQTT · TLS 1.2', 'SAS'], tone: 'medium' },
      { id: 'export', from: 'hub', to: 'eh', label: ['export', 'managed identity'], tone: 'none' },
      { id: 'f-app', from: 'app', to: 'hub', label: ['HTTPS · TLS 1.2', 'Entra ID'], tone: 'ok' },
    ],
  };

  it('the whole solution is first drawn another way (top to bottom), then split into an overview and one figure per boundary', () => {
    const [whole] = architectureDiagrams(nested);
    const tb = refineDiagram(nested, whole!)!;
    expect(tb).toHaveLength(1);
    expect(tb[0]).toMatchObject({ key: 'arch-all', direction: 'TB' });
    expect(tb[0]!.source.startsWith('flowchart TB\n')).toBe(true);
    const parts = refineDiagram(nested, tb[0]!)!;
    expect(parts.map((p) => p.key)).toEqual(['arch-overview', `arch-${mermaidId('b', 'cloud')}`, `arch-${mermaidId('b', 'plant')}`, 'arch-outside']);
    // The overview names every top-level boundary, the empty one too, and counts the flows between them.
    const ov = readable(parts[0]!.source);
    expect(ov).toContain('"Nothing here<br/>no elements"');
    expect(ov).toContain('"Cloud<br/>2 services"');
    // A boundary's figure draws the elements outside it that it talks to as stubs (name only).
    const plant = readable(parts[2]!.source);
    expect(plant).toMatch(/n_hub_\w+\(\["Hub"\]\)/);
    expect(plant).toMatch(/class n_hub_\w+ stub/);
  });

  it('top to bottom is tried only for a drawing much wider than tall; a whole solution of many nodes is split unrendered', () => {
    const [whole] = architectureDiagrams(nested);
    expect(refineDiagram(nested, whole!, DIAGRAM_LIMITS, { width: 1000, height: 400 })![0]!.direction).toBe('TB');
    expect(refineDiagram(nested, whole!, DIAGRAM_LIMITS, { width: 1000, height: 900 })!.map((s) => s.key)[0]).toBe('arch-overview');
    expect(architectureDiagrams(nested, { ...DIAGRAM_LIMITS, wholeNodes: 3 })[0]!.key).toBe('arch-overview');
  });

  it('a boundary still too small is split into its own elements and one figure per nested boundary, then collapsed', () => {
    const cloud = refineAll(nested, architectureDiagrams(nested)).map((s) => s.title);
    expect(cloud).toContain('Cloud: own elements');
    expect(cloud).toContain('Cloud › VNet');
    expect(cloud).toContain('Plant › OT cell');
  });

  it('every flow of the model appears, with its own label, in at least one figure of the split', () => {
    const [whole] = architectureDiagrams(nested);
    const split = refineDiagram(nested, refineDiagram(nested, whole!)![0]!)!;
    const drawn = new Set(split.flatMap((s) => s.flows));
    expect([...drawn].sort()).toEqual(nested.flows.map((f) => f.id).sort());
    // Also when each figure is split as far as it goes (flows between collapsed fleets count once collapsed).
    const leaves = refineAll(nested, [whole!]);
    expect(new Set(leaves.map((s) => s.key)).size).toBe(leaves.length);
    for (const s of leaves) expect(s.nodes).toBeLessThanOrEqual(DIAGRAM_LIMITS.maxNodes);
  });
});

describe('printed text size', () => {
  const fake = (width: (s: DiagramSpec) => number) => async (specs: readonly DiagramSpec[]) =>
    new Map(specs.map((s) => [s.key, `<svg id="${s.key}" viewBox="0 0 ${width(s)} 300"><style>#${s.key}{font-family:Arimo;font-size:17px;}</style><text>x</text></svg>`]));

  it('is the font size times the printed scale, from the viewBox and the figure box', () => {
    const size = measureSvg('<svg id="a" width="100%" viewBox="-18.6 0 1337.5 600" style="max-width: 1337.5px;"><style>#a{font-family:X;font-size:17px;fill:#1e293b;}#a div.mermaidTooltip{font-size:12px;}</style></svg>')!;
    expect(size).toEqual({ width: 1337.5, height: 600, fontSize: 17 });
    const box = figureBox('a4', false);
    expect(box.width).toBeCloseTo((178 * 96) / 25.4 - 8);
    expect(printedTextPt(size, box)).toBe(Math.floor(17 * (box.width / 1337.5) * 0.75 * 10) / 10);
    // Never enlarged beyond its natural size; height-limited when tall.
    expect(printedTextPt({ width: 100, height: 100, fontSize: 17 }, box)).toBe(12.7);
    expect(printedTextPt({ width: 100, height: 5000, fontSize: 17 }, box)).toBeLessThan(3);
  });

  it('the figure box agrees with the print stylesheet', () => {
    const css = readFileSync(join(TEMPLATE_DIR, 'report.css'), 'utf8');
    const margin = /@page\s*\{\s*margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm/.exec(css)!;
    expect(Number(margin[2]) + Number(margin[4])).toBe(PRINT_BOX.marginsMm);
    expect(css).toMatch(new RegExp(`figure\\.diagram \\{ padding: ${PRINT_BOX.paddingPx / 2}px; border: 0; \\}`));
    expect(css).toContain(`.diagram-svg svg { max-height: ${PRINT_BOX.maxHeightMm}mm; }`);
    expect(css).toContain(`#architecture > figure.diagram:first-of-type .diagram-svg svg { max-height: ${PRINT_BOX.firstMaxHeightMm}mm; }`);
  });

  it('a figure that prints too small is refined until every figure reaches 8 pt (fake renderer: width from node count)', async () => {
    const g = big(4, 6);
    const width = (s: DiagramSpec) => s.nodes * 120;
    const figs = await legibleFigures(architectureDiagrams(g), (s) => refineDiagram(g, s), fake(width), 'a4');
    expect(figs.length).toBeGreaterThan(1);
    expect(figs[0]!.spec.key).toBe('arch-overview');
    for (const f of figs) expect(f.textPt).toBeGreaterThanOrEqual(MIN_TEXT_PT);
    // A figure that fits is kept as it is, and rendered once.
    let calls = 0;
    const once = await legibleFigures(architectureDiagrams(small), (s) => refineDiagram(small, s), async (specs) => (calls++, fake(() => 400)(specs)), 'a4');
    expect(once.map((f) => f.spec.key)).toEqual(['arch-all']);
    expect(calls).toBe(1);
  });

  it('when nothing reaches 8 pt, the largest alternative is kept and the rounds are bounded', async () => {
    const g = big(2, 3);
    const figs = await legibleFigures(architectureDiagrams(g), (s) => refineDiagram(g, s), fake((s) => (s.direction === 'TB' ? 9000 : 8000)), 'a4', 4);
    for (const f of figs) expect(f.spec.direction).toBe('LR');
  });
});

describe('the architecture view of a model', () => {
  const model = `
solution: { name: Exports }
boundaries:
  - { id: cloud, name: Azure, kind: cloud }
  - { id: dmz, name: Empty DMZ, kind: network }
devices:
  - { id: fleet, name: Trackers, count: 48000, kind: sensor }
services:
  - id: hub
    name: IoT Hub
    type: iot-hub
    boundary: cloud
    exports:
      - { to: eh, auth: managed-identity }
      - { to: adx, auth: connection-string }
  - { id: eh, name: Events, type: event-hubs, boundary: cloud }
  - { id: adx, name: Analytics, type: data-explorer, boundary: cloud }
principals:
  - { id: ops, name: Operator, kind: user, assignments: [{ role: Reader, scope: resource, on: hub }] }
flows:
  - { id: up, from: fleet, to: hub, protocol: mqtt, tls: "1.2", auth: sas }
  - { id: route, from: hub, to: eh, protocol: amqp, tls: "1.2", auth: managed-identity }
`;
  const arch = buildReportView(assessText(model), [], viewOptions()).architecture;
  const src = readable(arch.sources.map((s) => s.source).join('\n'));

  it('draws every export: on the flow that carries it, or as an arrow of its own with its auth', () => {
    expect(src).toMatch(/n_hub_\w+ -->\|"export<br\/>AMQP · TLS 1\.2<br\/>managed identity"\| n_eh_/);
    expect(src).toMatch(/n_hub_\w+ -->\|"export<br\/>connection string"\| n_adx_/);
    expect(arch.exports.map((x) => [x.to.id, x.auth, x.flow?.id])).toEqual([['eh', 'managed identity', 'route'], ['adx', 'connection string', undefined]]);
  });

  it('names boundaries that hold nothing, groups elements in none, and keeps role assignments out of the figures', () => {
    expect(arch.emptyBoundaries).toEqual(['Empty DMZ']);
    expect(arch.boundaries.map((b) => [b.ref.id, b.held])).toEqual([['cloud', '3'], ['dmz', 'no elements']]);
    expect(arch.outside).toEqual(['Trackers']);
    expect(src).toContain(`subgraph b_outside["${OUTSIDE_TITLE}"]`);
    expect(src).not.toMatch(/n_ops_|-\.->/);
    expect(arch.access).toMatchObject([{ principal: { id: 'ops' }, role: 'Reader', on: 'IoT Hub' }]);
    expect(src).toContain('sensor ×48,000');
  });

  it('never repeats the kind under a name that says it', () => {
    for (const m of src.matchAll(/\["([^"]*)"\]/g)) {
      const [a, b] = m[1]!.split('<br/>');
      if (b !== undefined) expect(a!.toLowerCase()).not.toContain(b.toLowerCase());
    }
    expect(src).toMatch(/n_hub_\w+\["IoT Hub"\]/);
  });
});

describe('samples, rendered and measured (Chromium)', () => {
  const samples = ['cold-chain', 'smart-building', 'smart-factory'];
  let reporter: Reporter;
  beforeAll(async () => {
    reporter = await Reporter.create({ paper: 'a4', pdf: false });
  }, 60_000);
  afterAll(async () => {
    await reporter?.close();
  });

  it.each(samples)('%s: every figure prints its text at 8 pt or more, and every flow and export is drawn', async (name) => {
    const text = readFileSync(join(import.meta.dirname, '..', 'samples', `${name}.yaml`), 'utf8');
    const a = assessText(text);
    const out = await reporter.report({ assessment: a, modelBytes: new TextEncoder().encode(text), modelFile: `${name}.yaml`, date: '2026-11-23' });
    const arch = out.view.architecture;
    expect(arch.diagrams.length).toBeGreaterThan(0);
    for (const d of arch.diagrams) expect(d.textPt, d.title).toBeGreaterThanOrEqual(MIN_TEXT_PT);
    expect(arch.smallestTextPt).toBe(Math.min(...arch.diagrams.map((d) => d.textPt!)));
    for (const d of arch.diagrams) expect(out.html).toContain(`id="fig-${d.key}" data-text-pt="${d.textPt}"`);
    const drawn = new Set(arch.sources.flatMap((s) => s.flows));
    const model = a.loaded.model as { flows?: Array<{ id: string }>; services?: Array<{ id: string; exports?: unknown[] }> };
    for (const f of model.flows ?? []) expect(drawn.has(f.id), f.id).toBe(true);
    for (const x of arch.exports) expect(drawn.has(x.flow?.id ?? x.id), x.id).toBe(true);
  }, 60_000);
});
