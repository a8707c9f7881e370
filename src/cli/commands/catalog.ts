import type { Command } from 'commander';
import { catalogCoverage, untracedControls } from '../../catalog/coverage.js';
import { AREAS, FRAMEWORK_IDS, type Control } from '../../catalog/control.js';
import { loadCatalogFile, mergeCatalogFile } from '../../catalog/load.js';
import { loadBuiltInFrameworks } from '../../catalog/cache.js';
import { unknownClauses } from '../../catalog/frameworks.js';
import { formatDiagnostic, UsageError, type Diagnostic } from '../../model/diagnostics.js';
import { didYouMean } from '../../util/suggest.js';
import { loadCatalogs } from '../inputs.js';
import { EXIT } from '../exit.js';
import type { Io, RunState } from '../program.js';
import { collect } from './options.js';
import { renderOscalCatalog } from '../../output/oscal-catalog.js';
import { resolveToday } from '../dates.js';
import { writeOutput } from '../write-output.js';

type Fmt = { format: 'text' | 'json'; catalog: string[] };

function parseFmt(v: string): 'text' | 'json' {
  if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json, got '${v}'`);
  return v;
}

function frameworksLine(c: Control): string {
  return Object.entries(c.frameworks)
    .map(([k, v]) => `${k} ${(v ?? []).join(', ')}`)
    .join('; ');
}

function showControl(c: Control): string[] {
  return [
    `${c.id}  ${c.title}`,
    `  area: ${c.area}   severity: ${c.severity}   STRIDE: ${c.stride.join('')}`,
    `  applies to: ${c.appliesTo.kinds.join(', ')}${c.appliesTo.architecture ? ` (${c.appliesTo.architecture}-based solutions)` : ''}`,
    `  source: ${c.source.document} > ${c.source.section}`,
    `    "${c.source.quote}"`,
    `  rationale: ${c.rationale}`,
    `  remediation:`,
    ...c.remediation.map((r, i) => `    ${i + 1}. ${r.for ? `[${r.for.join(', ')}] ` : ''}${r.step}`),
    ...(c.inModel ? [`  in the model: ${c.inModel}`] : []),
    ...(c.references.length ? ['  references:', ...c.references.map((r) => `    ${r}`)] : []),
    ...(c.builtIns?.policies ? ['  Azure Policy:', ...c.builtIns.policies.map((p) => `    ${p.name} (${p.id})${p.for ? ` [${p.for.join(', ')}]` : ''}`)] : []),
    ...(c.builtIns?.defender ? ['  Defender recommendations:', ...c.builtIns.defender.map((d) => `    ${d.name}${d.type ? ` (${d.type})` : ''}${d.for ? ` [${d.for.join(', ')}]` : ''}`)] : []),
    `  frameworks: ${frameworksLine(c)}`,
  ];
}

export function registerCatalog(program: Command, io: Io, state: RunState): void {
  const catalog = program.command('catalog').description('list, show, check and trace the control catalog and the threat library');
  const common = (cmd: Command) =>
    cmd.option('--format <format>', 'text or json', parseFmt, 'text').option('--catalog <file>', 'add controls and threats from a catalog file (repeatable)', collect, []);

  common(catalog.command('list').description('list controls').option('--area <area>', 'only this area').option('--framework <id>', `only controls mapped to this framework (${FRAMEWORK_IDS.join(', ')})`))
    .action((opts: Fmt & { area?: string; framework?: string }) => {
      const cat = loadCatalogs(opts.catalog);
      if (opts.area && !(AREAS as readonly string[]).includes(opts.area)) {
        const hint = didYouMean(opts.area, AREAS);
        throw new UsageError(`unknown area '${opts.area}'${hint ? `; ${hint}` : ''} (known: ${AREAS.join(', ')})`);
      }
      if (opts.framework && !(FRAMEWORK_IDS as readonly string[]).includes(opts.framework)) {
        throw new UsageError(`unknown framework '${opts.framework}'${didYouMean(opts.framework, FRAMEWORK_IDS) ? `; ${didYouMean(opts.framework, FRAMEWORK_IDS)}` : ''} (known: ${FRAMEWORK_IDS.join(', ')})`);
      }
      const list = cat.controls
        .filter((c) => !opts.area || c.area === opts.area)
        .filter((c) => !opts.framework || c.frameworks[opts.framework as keyof Control['frameworks']] !== undefined)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      if (opts.format === 'json') return io.out(JSON.stringify({ catalog: { name: cat.name, version: cat.version }, controls: list }, null, 2));
      for (const c of list) io.out(`${c.id.padEnd(12)} ${c.severity.padEnd(8)} ${c.area.padEnd(10)} ${c.title}`);
      io.out(`${list.length} control${list.length === 1 ? '' : 's'} (${cat.name} ${cat.version})`);
    });

  common(catalog.command('show').description('show one control in full').argument('<id>', 'control id'))
    .action((id: string, opts: Fmt) => {
      const cat = loadCatalogs(opts.catalog);
      const c = cat.controls.find((x) => x.id === id);
      if (!c) {
        const hint = didYouMean(id, cat.controls.map((x) => x.id));
        throw new UsageError(`no control '${id}' in the catalog${hint ? `; ${hint}` : ''}`);
      }
      if (opts.format === 'json') return io.out(JSON.stringify(c, null, 2));
      for (const line of showControl(c)) io.out(line);
    });

  common(catalog.command('threats').description('list the threat library: id, STRIDE letter, element kinds, likelihood × impact, mitigating controls'))
    .action((opts: Fmt) => {
      const cat = loadCatalogs(opts.catalog);
      const list = [...cat.threats].sort((a, b) => (a.id < b.id ? -1 : 1));
      if (opts.format === 'json') return io.out(JSON.stringify({ catalog: { name: cat.name, version: cat.version }, threats: list }, null, 2));
      for (const t of list) {
        io.out(`${t.id}  ${t.stride}  ${t.appliesTo.kinds.join(',').padEnd(16)} ${`${t.likelihood}×${t.impact}`.padEnd(18)} ${t.title}`);
        io.out(`  mitigations: ${t.mitigations.join(', ')}`);
      }
      io.out(`${list.length} threat${list.length === 1 ? '' : 's'} (${cat.name} ${cat.version})`);
    });

  common(catalog.command('coverage').description('per guidance document and section, the controls drawn from it'))
    .action((opts: Fmt) => {
      const cat = loadCatalogs(opts.catalog);
      const rows = catalogCoverage(cat);
      const uncovered = rows.filter((r) => r.controls.length === 0 && !r.notCheckable);
      const untraced = untracedControls(cat);
      if (opts.format === 'json') {
        io.out(JSON.stringify({ sections: rows, uncovered: uncovered.length, untracedControls: untraced }, null, 2));
      } else {
        let doc = '';
        for (const r of rows) {
          if (r.document !== doc) io.out(`${(doc = r.document)}`);
          const status = r.controls.length ? r.controls.join(', ') : r.notCheckable ? `not checkable: ${r.notCheckable}` : 'UNCOVERED';
          io.out(`  ${r.section}: ${status}`);
        }
        for (const id of untraced) io.out(`control ${id} cites a section not listed in the catalog manifest`);
        io.out(`${rows.length} sections, ${uncovered.length} uncovered`);
      }
      if (uncovered.length > 0 || untraced.length > 0) state.exitCode = EXIT.findings;
    });

  catalog
    .command('export')
    .description('export the control catalog for GRC tools: an OSCAL 1.0.6 catalog (JSON)')
    .option('--format <format>', 'oscal', (v: string) => {
      if (v !== 'oscal') throw new UsageError(`--format must be oscal, got '${v}'`);
      return v;
    }, 'oscal')
    .option('--catalog <file>', 'add controls from a catalog file (repeatable)', collect, [])
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--date <YYYY-MM-DD>', "the catalog's last-modified date (default: SOURCE_DATE_EPOCH, else today)")
    .action((opts: { catalog: string[]; output?: string; date?: string }) => {
      const text = renderOscalCatalog(loadCatalogs(opts.catalog), resolveToday(opts.date));
      if (opts.output) writeOutput(opts.output, text);
      else io.out(text.trimEnd());
    });

  catalog
    .command('lint')
    .description('check a catalog file: schema, ids not taken by the built-in catalog, mitigations, framework clause ids')
    .argument('<file>', 'catalog file with a list under controls:, threats: or both')
    .action((file: string) => {
      const builtIn = loadCatalogs();
      const r = loadCatalogFile(file, new Set(builtIn.origins.keys()));
      const problems: Diagnostic[] = [...r.diagnostics];
      if (!problems.some((d) => d.severity === 'error')) {
        // The same checks `assess --catalog` makes: merged after the built-in catalog.
        problems.push(...mergeCatalogFile(builtIn, r).diagnostics);
        const fw = loadBuiltInFrameworks();
        if (fw.ok) {
          for (const u of unknownClauses(r.controls, fw.frameworks)) {
            const o = r.origins.get(u.control)!;
            problems.push({ file: o.file, line: o.line, column: o.column, severity: 'error', code: 'unknown-clause', message: `control '${u.control}' cites ${u.framework} clause${u.clauses.length === 1 ? '' : 's'} ${u.clauses.join(', ')}, not in catalogs/frameworks.yaml` });
          }
        }
      }
      for (const d of problems) io.err(formatDiagnostic(d));
      if (problems.some((d) => d.severity === 'error')) state.exitCode = EXIT.input;
      else io.out(`${file}: ${r.controls.length} control${r.controls.length === 1 ? '' : 's'}, ${r.threats.length} threat${r.threats.length === 1 ? '' : 's'}, valid`);
    });
}
