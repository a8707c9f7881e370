// Where a property value comes from. The model states some values; evidence (source code today, deployed
// resources later) observes others. Both are plain data here, so the engine stays pure: it reads one merged
// view and asks this module where a value it judged came from.

/** A place in a file, 1-based, path relative to where the run recorded it (never machine-specific). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** Deployment exports: the JSON pointer of the value in the file ("/resources/0/properties/minTlsVersion"). */
  pointer?: string;
  /** Deployment exports: the resource the value belongs to (its Azure resource id, Terraform address or type/name). */
  resource?: string;
}

/** Kinds of evidence beside the model itself: `code` (collectors over source code), `deployment` (ARM/Bicep, Resource Graph, Terraform). */
export const EVIDENCE_SOURCES = ['code', 'deployment'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export const PROVENANCE_SOURCES = ['stated', ...EVIDENCE_SOURCES] as const;

export type Provenance =
  | { source: 'stated'; location: SourceLocation }
  | { source: EvidenceSource; location: SourceLocation; collector: string };

export type ObservedProvenance = Extract<Provenance, { collector: string }>;

/**
 * One observation about a model property: on element `element`, property `property` (dotted, as conditions
 * read it: "identity.method", "auth") is `value`; or, when the evidence cannot tell the exact value, one of
 * `oneOf` (x509 in code is x509-ca or x509-self-signed): such an observation fills nothing but still
 * contradicts a stated value outside the list.
 */
export interface PropertyEvidence {
  element: string;
  property: string;
  value?: string | number | boolean;
  oneOf?: ReadonlyArray<string | number | boolean>;
  /** What was seen, in words, for drift sentences ("connects with a SharedAccessKey connection string"). */
  observed: string;
  provenance: ObservedProvenance;
}

/** `file:line:col` of a location. */
export function formatLocation(l: SourceLocation): string {
  return `${l.file}:${l.line}:${l.column}`;
}

/** Orders observations so merges and outputs do not depend on scan order: by element, property, file, line, column, collector. */
export function compareEvidence(a: PropertyEvidence, b: PropertyEvidence): number {
  const la = a.provenance.location;
  const lb = b.provenance.location;
  return (
    cmpStr(a.element, b.element) || cmpStr(a.property, b.property) || cmpStr(la.file, lb.file) || la.line - lb.line || la.column - lb.column || cmpStr(a.provenance.collector, b.provenance.collector)
  );
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A fact evidence found about an element, whatever property it maps to (if any): what the report's Evidence
 * section lists. `note` says why it maps to no property ("says nothing the model records").
 */
export interface ElementFact {
  element: string;
  fact: string;
  value: string;
  detail: string;
  provenance: ObservedProvenance;
  note?: string;
}
