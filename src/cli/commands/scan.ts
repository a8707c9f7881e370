// `iotsec scan <dir>`: the evidence the collectors find in source code, one line per fact
// (`file:line:col: fact: value (collector) — detail`), or JSON. Secrets are masked by the collectors.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../../model/diagnostics.js';
import type { Io, RunState } from '../program.js';

type ScanFormat = 'text' | 'json';

function parseScanFormat(v: string): ScanFormat {
  if (v !== 'text' && v !== 'json') throw new InvalidArgumentError('expected text or json');
  return v;
}

export function registerScan(program: Command, io: Io, _state: RunState): void {
  program
    .command('scan')
    .description('list the evidence found in TypeScript/JavaScript source code (device authentication, transport, TLS, secrets, service authentication)')
    .argument('<dirs...>', 'folders or files to scan (node_modules and hidden folders are skipped)')
    .option('-f, --format <format>', 'text (one line per fact) or json', parseScanFormat, 'text' as ScanFormat)
    .action(async (dirs: string[], opts: { format: ScanFormat }) => {
      for (const d of dirs) if (!existsSync(d)) throw new UsageError(`${d}: no such file or folder`);
      const [{ readSourceTree }, { scanSources, formatFact }, { COLLECTORS }] = await Promise.all([
        import('../../evidence/source-files.js'),
        import('../../evidence/scan.js'),
        import('../../evidence/collectors/index.js'),
      ]);
      const facts = [];
      const skipped: string[] = [];
      let files = 0;
      for (const d of dirs) {
        const root = resolve(d);
        const rel = relative(process.cwd(), root);
        const tree = readSourceTree(root, rel.startsWith('..') || isAbsolute(rel) ? dirname(root) : process.cwd());
        files += tree.files.length;
        skipped.push(...tree.skipped);
        facts.push(...scanSources(tree.files));
      }
      for (const s of skipped) io.err(`iotsec: not scanned: ${s}`);
      if (opts.format === 'json') {
        io.out(JSON.stringify({ collectors: COLLECTORS.map((c) => c.meta), files, facts, skipped }, null, 2));
      } else {
        for (const f of facts) io.out(formatFact(f));
        io.err(`${files} file${files === 1 ? '' : 's'} scanned, ${facts.length} fact${facts.length === 1 ? '' : 's'}`);
      }
    });
}
