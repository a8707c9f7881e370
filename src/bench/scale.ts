// Scale: the CLI as users run it (a fresh process) on generated models of 10 to 10,000 elements: wall
// time, peak memory (the child's own maximum resident set, from its resource usage at exit) and output
// size. The growth per element between sizes shows whether cost stays linear.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../catalog/load.js';
import { syntheticModel } from './synthetic.js';

const CLI = join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');

/** A preload that writes the process's peak resident memory (KB) to the file named by IOTSEC_BENCH_RSS at exit. */
const PRELOAD = `process.on('exit', () => require('fs').writeFileSync(process.env.IOTSEC_BENCH_RSS, String(process.resourceUsage().maxRSS)));`;

export interface ScaleRow {
  elements: number;
  formats: string;
  seconds: number;
  peakMb: number;
  outputMb: number;
}

/** One run of `assess` on a generated model of `elements` elements; throws if it fails. */
export function measureScale(work: string, elements: number, formats: string): ScaleRow {
  mkdirSync(work, { recursive: true });
  const model = join(work, `synthetic-${elements}.yaml`);
  writeFileSync(model, syntheticModel(elements));
  const preload = join(work, 'rss-preload.cjs');
  writeFileSync(preload, PRELOAD);
  const rssFile = join(work, 'rss.txt');
  const out = join(work, `out-${elements}`);
  rmSync(out, { recursive: true, force: true });
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, CLI, 'assess', model, '--format', formats, '--max-model-size', '64', '-o', out], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, IOTSEC_BENCH_RSS: rssFile },
  });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`assess ${elements} elements (${formats}) exited ${r.status}: ${r.stderr.split('\n').slice(-3).join(' ')}`);
  const base = `synthetic-${elements}`;
  const outputBytes = formats.split(',').reduce((n, f) => n + (f === 'json' || f === 'html' || f === 'pdf' ? statSync(join(out, `${base}.${f}`)).size : 0), 0);
  return { elements, formats, seconds, peakMb: Number(readFileSync(rssFile, 'utf8')) / 1024, outputMb: outputBytes / (1024 * 1024) };
}

/** The rows as a Markdown table, with the cost per element between consecutive sizes of the same formats. */
export function scaleTable(rows: readonly ScaleRow[]): string[] {
  const lines = ['| elements | formats | time | peak memory | output | ms per added element |', '| ---: | --- | ---: | ---: | ---: | ---: |'];
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    const slope = prev && prev.formats === r.formats ? `${(((r.seconds - prev.seconds) * 1000) / (r.elements - prev.elements)).toFixed(2)}` : '';
    lines.push(`| ${r.elements.toLocaleString('en-US')} | ${r.formats} | ${r.seconds.toFixed(2)} s | ${r.peakMb.toFixed(0)} MB | ${r.outputMb.toFixed(1)} MB | ${slope} |`);
  });
  return lines;
}
