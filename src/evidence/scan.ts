// A scan: source texts → facts, each collector offered the nodes of the kinds it names. No file system: the texts come in
// (see source-files.ts), and ts-morph works on an in-memory copy where relative imports resolve.
import { Project, ts, type Node } from 'ts-morph';
import type { Collector } from './collector.js';
import { COLLECTORS } from './collectors/index.js';
import { compareFacts, type CodeFact } from './fact.js';
import type { SourceText } from './source-files.js';

export function scanSources(sources: readonly SourceText[], collectors: readonly Collector[] = COLLECTORS): CodeFact[] {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true, checkJs: false, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022 },
  });
  const files = sources.map((s) => ({ path: s.path, sf: project.createSourceFile(`/${s.path}`, s.text, { overwrite: true }) }));
  const facts: CodeFact[] = [];
  const kinds = [...new Set(collectors.flatMap((c) => c.kinds))];
  const seen = new Set<string>();
  for (const { path, sf } of files) {
    const contexts = collectors.map((collector) => ({
      collector,
      ctx: {
        report(node: Node, fact: string, value: string, detail: string) {
          const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
          const key = `${path}\u0000${line}:${column}:${collector.meta.id}:${fact}:${value}`;
          if (seen.has(key)) return;
          seen.add(key);
          facts.push({ fact, value, detail, location: { file: path, line, column }, collector: collector.meta.id });
        },
      },
    }));
    for (const kind of kinds) {
      const takers = contexts.filter((c) => c.collector.kinds.includes(kind));
      for (const node of sf.getDescendantsOfKind(kind)) for (const c of takers) c.collector.visit(node, c.ctx);
    }
  }
  return facts.sort(compareFacts);
}

/** `file:line:col: fact: value (collector)`; the detail follows after a dash. */
export function formatFact(f: CodeFact): string {
  return `${f.location.file}:${f.location.line}:${f.location.column}: ${f.fact}: ${f.value} (${f.collector}) — ${f.detail}`;
}
