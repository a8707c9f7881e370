// Engine benchmark: load, validate and evaluate a 10,000-element model with the full catalog.
import { performance } from 'node:perf_hooks';
import { BUILT_IN_CATALOG_DIR, loadCatalogDir } from '../catalog/load.js';
import { knownIds } from '../cli/inputs.js';
import { assess } from '../engine/assess.js';
import { buildContext } from '../engine/context.js';
import { compileControls, evaluateControls } from '../engine/evaluate.js';
import { loadModel } from '../model/load.js';
import { renderJsonChunks } from '../output/json.js';
import { loadBuiltInFrameworks } from '../catalog/cache.js';
import { syntheticModel } from './synthetic.js';

export function benchEngine(elements = 10_000, rounds = 5): string[] {
  const r = loadCatalogDir(BUILT_IN_CATALOG_DIR);
  if (!r.ok) throw new Error('catalog does not load');
  const catalog = r.catalog;
  const known = knownIds(catalog);
  const bytes = new TextEncoder().encode(syntheticModel(elements));
  const times = { load: [] as number[], controls: [] as number[], evaluate: [] as number[], json: [] as number[] };
  const compiled = compileControls(catalog.controls);
  const fw = loadBuiltInFrameworks();
  const frameworks = fw.ok ? fw.frameworks : [];
  let jsonChars = 0;
  let findings = 0;
  let count = 0;
  for (let k = 0; k < rounds; k++) {
    let t = performance.now();
    const m = loadModel(bytes, 'synthetic.yaml', known);
    if (!m.ok) throw new Error(m.diagnostics.slice(0, 3).map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
    times.load.push(performance.now() - t);
    t = performance.now();
    evaluateControls(compiled, buildContext(m.loaded.model, m.loaded.index));
    times.controls.push(performance.now() - t);
    t = performance.now();
    const a = assess(m.loaded, catalog, { today: '2026-11-23', compiled });
    times.evaluate.push(performance.now() - t);
    t = performance.now();
    // As assess writes it: in pieces, never one string (the file itself is not written here).
    let chars = 0;
    for (const piece of renderJsonChunks(a, { modelBytes: bytes, frameworks })) chars += piece.length;
    jsonChars = chars;
    times.json.push(performance.now() - t);
    findings = a.findings.length;
    count = m.loaded.index.all.length;
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
  return [
    `engine: ${count} elements x ${catalog.controls.length} controls = ${findings} findings (median of ${rounds})`,
    `  parse + validate ${med(times.load)} ms | controls alone ${med(times.controls)} ms | assess (controls, decisions, threats) ${med(times.evaluate)} ms | JSON ${med(times.json)} ms (${(jsonChars / 1e6).toFixed(0)} M characters)`,
  ];
}

if (process.argv[1]?.endsWith('engine.js')) for (const line of benchEngine()) console.log(line);
