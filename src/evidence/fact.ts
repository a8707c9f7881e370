// A fact a collector found in source code: what, where, by which collector. Secrets are never kept, only masked.
import type { SourceLocation } from '../model/provenance.js';

export interface CodeFact {
  /** One of the collector's `meta.facts` ("device-auth", "transport", …). */
  fact: string;
  /** The observed value ("symmetric-key", "mqtt", …) or "unknown". */
  value: string;
  /** What was seen, in words, for scans, drift sentences and the report. Never holds a secret. */
  detail: string;
  location: SourceLocation;
  collector: string;
}

/** A secret shown safely: its first characters (at most 4, fewer for short values) and its length. */
export function maskSecret(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}…(${secret.length} chars)`;
}

/** Sorted by file, line, column, collector, fact, value: scans are deterministic whatever order files are read in. */
export function compareFacts(a: CodeFact, b: CodeFact): number {
  const s = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return s(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column || s(a.collector, b.collector) || s(a.fact, b.fact) || s(a.value, b.value);
}
