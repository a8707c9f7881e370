// `npm run bench`: the report pipeline against its floor, on the same sample, side by side.
//   (a) iotsec end-to-end `assess --format html,pdf` (a fresh process, as users run it)
//   (b) the floor: `chromium --headless --print-to-pdf` of iotsec's own final HTML
//   (c) `assess --format json` alone (never starts a browser)
//   (d) 20 models in one run (one browser, reused pages) against 20 separate runs
//   (e) diagrams: renderMermaid per diagram against one page that loads Mermaid once
//   (f) scale: JSON at 10 to 10,000 elements, and HTML+PDF+JSON at 1,000 (time, peak memory, output size)
// Targets: (a) ≤ 1.5 × (b); (d) batch < 25 % of the separate runs; (f) 10 elements to JSON under 0.4 s,
// 10,000 under 3 s and 500 MB, 1,000 elements to HTML+PDF under 30 s. Then the engine benchmark.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../catalog/load.js';
import { loadCatalogs, knownIds, readModel } from '../cli/inputs.js';
import { assess } from '../engine/assess.js';
import { browserArgs, findBrowser } from '../report/browser.js';
import { DiagramRenderer } from '../report/render-diagrams.js';
import { RenderSession } from '../report/session.js';
import { buildReportView } from '../report/view-model.js';
import { benchEngine } from './engine.js';
import { measureScale, scaleTable } from './scale.js';
import { benchScan } from './scan.js';

const CLI = join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');
const SAMPLES = join(PACKAGE_ROOT, 'samples');
const SAMPLE = join(SAMPLES, 'cold-chain.yaml');

function run(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.split('\n').slice(-3).join(' ')}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function times(n: number, f: () => number): number {
  return median(Array.from({ length: n }, f));
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function diagramEngines(): Promise<string[]> {
  const catalog = loadCatalogs();
  const input = readModel(SAMPLE, knownIds(catalog));
  if (!input.result.ok) throw new Error('sample does not load');
  const a = assess(input.result.loaded, catalog, { today: '2026-11-23' });
  const view = buildReportView(a, [], { paper: 'a4', date: '2026-11-23', reportId: 'bench', toolName: 'iotsec', toolVersion: 'bench', modelFile: 'bench', modelSha256: 'bench' });
  // Three diagrams, as a model split into an overview and boundaries would have.
  const specs = [0, 1, 2].map((i) => ({ ...view.architecture.sources[0]!, key: `bench-${i}` }));
  const browser = await findBrowser();
  const out: string[] = [];
  for (const engine of ['mermaid-cli', 'page'] as const) {
    const session = await RenderSession.open(browser.path);
    try {
      const r = new DiagramRenderer(session, engine);
      let t = performance.now();
      await r.warmUp();
      await r.render(specs.slice(0, 1));
      const first = performance.now() - t;
      t = performance.now();
      await r.render(specs);
      const three = performance.now() - t;
      out.push(`  ${engine === 'page' ? 'one page, Mermaid loaded once' : 'renderMermaid per diagram   '}: first diagram ${s(first)} (with set-up), then ${s(three / 3)} per diagram`);
    } finally {
      await session.close();
    }
  }
  return out;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'iotsec-bench-'));
  try {
    const browser = await findBrowser();
    console.log(`report benchmark on ${SAMPLE.slice(PACKAGE_ROOT.length + 1)} (browser: ${browser.path}; median of 3 runs)`);
    const out = join(work, 'out');
    run(process.execPath, [CLI, 'assess', SAMPLE, '--format', 'html,pdf', '-o', out]); // warm the disk cache
    const a = times(3, () => run(process.execPath, [CLI, 'assess', SAMPLE, '--format', 'html,pdf', '-o', out]));
    const html = join(out, 'cold-chain.html');
    const b = times(3, () => run(browser.path, ['--headless', ...browserArgs(), '--no-pdf-header-footer', `--print-to-pdf=${join(work, 'floor.pdf')}`, pathToFileURL(html).href]));
    const c = times(3, () => run(process.execPath, [CLI, 'assess', SAMPLE, '--format', 'json', '-o', out]));
    console.log(`  (a) iotsec assess --format html,pdf   ${s(a)}`);
    console.log(`  (b) chromium --print-to-pdf (floor)   ${s(b)}`);
    console.log(`  (c) iotsec assess --format json       ${s(c)}`);
    console.log(`  (a)/(b) = ${(a / b).toFixed(2)} (target ≤ 1.5: ${a <= 1.5 * b ? 'met' : 'NOT met'})`);

    const models = join(work, 'models');
    mkdirSync(models);
    // Models that point at code (code:) are left out: a copy elsewhere has no code beside it.
    const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.yaml') && !/^\s+code:/m.test(readFileSync(join(SAMPLES, f), 'utf8'))).sort();
    const files = Array.from({ length: 20 }, (_, i) => {
      const f = join(models, `model-${String(i + 1).padStart(2, '0')}.yaml`);
      copyFileSync(join(SAMPLES, samples[i % samples.length]!), f);
      return f;
    });
    const batch = run(process.execPath, [CLI, 'assess', ...files, '--format', 'html,pdf', '-o', join(work, 'batch')]);
    let separate = 0;
    for (const f of files) separate += run(process.execPath, [CLI, 'assess', f, '--format', 'html,pdf', '-o', join(work, 'separate')]);
    console.log(`  (d) 20 models (${samples.join(', ')} in turn), html+pdf: one run ${s(batch)}, 20 separate runs ${s(separate)}`);
    console.log(`      batch = ${((batch / separate) * 100).toFixed(0)} % of separate runs (target < 25 %: ${batch < 0.25 * separate ? 'met' : 'NOT met'}); ${s(batch / 20)} per model in the batch`);
    console.log('  (e) diagram rendering, same browser, cold-chain diagram ×3:');
    for (const line of await diagramEngines()) console.log(line);
    console.log('  (f) scale: `assess` on generated models (a fresh process each; peak = its maximum resident memory):');
    const rows = [10, 100, 1000, 10_000].map((n) => measureScale(join(work, 'scale'), n, 'json'));
    rows.push(measureScale(join(work, 'scale'), 1000, 'html,pdf,json'));
    for (const line of scaleTable(rows)) console.log(`      ${line}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  for (const line of benchEngine()) console.log(line);
  for (const line of benchScan(CLI)) console.log(line);
}

await main();
