// A collector is shaped like a lint rule: `meta` says what it finds, `visit` looks at one node and reports
// facts through the context. The scanner walks each file once and offers every node to every collector.
import type { Node } from 'ts-morph';
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
  visit(node: Node, ctx: CollectorContext): void;
}

export type { CodeFact };
