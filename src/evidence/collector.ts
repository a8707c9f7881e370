// A collector is shaped like a lint rule: `meta` says what it finds, `visit` looks at one node and reports
// facts through the context. The scanner walks each file once and offers each node of the kinds a collector
// names to it.
import type { Node, SyntaxKind } from 'ts-morph';
import type { CodeFact } from './fact.js';

export interface CollectorMeta {
  id: string;
  description: string;
  /** Fact names it reports. */
  facts: readonly string[];
}

export interface CollectorContext {
  report(node: Node, fact: string, value: string, detail: string): void;
}

export interface Collector {
  meta: CollectorMeta;
  /** The node kinds `visit` looks at: only those are wrapped and offered (wrapping every node costs most of a scan). */
  kinds: readonly SyntaxKind[];
  visit(node: Node, ctx: CollectorContext): void;
}

export type { CodeFact };
