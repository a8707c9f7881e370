// One status per element, used by every section of the report (inventory, diagram colours, STRIDE
// matrix, threat lists, appendix): the element's worst finding over its controls AND its threats.
// Worst first: a gap of severity s or an open threat of residual level s (whichever is worse), then
// "to verify" (an unknown control or an unverified threat), then ok (everything met, mitigated or
// covered by a live decision), then none (nothing assessed). Pure.
import type { Severity } from '../catalog/control.js';
import { SEVERITY_RANK } from '../catalog/control.js';
import type { Assessment } from '../engine/assess.js';
import type { ModelElement } from '../model/elements.js';
import { SEVERITY_LABEL } from './labels.js';
import type { Tone } from './mermaid.js';
import { plural } from '../util/words.js';

export interface ElementStatus {
  tone: Tone;
  /** Gaps by severity, open threats by residual level, unknowns and unverified threats. */
  gaps: number;
  worstGap?: Severity;
  openThreats: number;
  worstOpen?: Severity;
  unknown: number;
  unverified: number;
  /** Met, accepted or mitigated checks and threats. */
  ok: number;
}

function worse(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

function empty(): ElementStatus {
  return { tone: 'none', gaps: 0, openThreats: 0, unknown: 0, unverified: 0, ok: 0 };
}

/** The element a finding or threat is shown on: enrollment groups are part of their service. */
export function shownOn(e: ModelElement | undefined, id: string): string {
  return e?.kind === 'enrollment-group' && e.parent !== undefined ? e.parent : id;
}

function toneOf(s: ElementStatus): Tone {
  const worst = [s.worstGap, s.worstOpen].filter((x): x is Severity => x !== undefined).sort((x, y) => SEVERITY_RANK[y] - SEVERITY_RANK[x])[0];
  if (worst) return worst;
  if (s.unknown + s.unverified > 0) return 'unknown';
  return s.ok > 0 ? 'ok' : 'none';
}

/** Status of every element that has a finding or a threat, keyed by the element it is shown on. */
export function elementStatuses(a: Assessment): Map<string, ElementStatus> {
  const { byId } = a.loaded.index;
  const out = new Map<string, ElementStatus>();
  const at = (id: string) => {
    const key = shownOn(byId.get(id), id);
    let s = out.get(key);
    if (!s) out.set(key, (s = empty()));
    return s;
  };
  for (const f of a.findings) {
    if (f.status === 'not-applicable') continue;
    const s = at(f.element);
    if (f.status === 'gap') {
      s.gaps++;
      s.worstGap = worse(s.worstGap, f.severity);
    } else if (f.status === 'unknown') s.unknown++;
    else s.ok++;
  }
  for (const t of a.threats ?? []) {
    const status: string = t.status;
    if (status === 'not-applicable') continue;
    const s = at(t.element);
    if (status === 'open') {
      s.openThreats++;
      s.worstOpen = worse(s.worstOpen, t.residual.level);
    } else if (status === 'unverified') s.unverified++;
    else s.ok++;
  }
  for (const s of out.values()) s.tone = toneOf(s);
  return out;
}

export const NO_STATUS: Readonly<ElementStatus> = empty();

/** The words of a status: a short chip text and a sentence for its tooltip. */
export function statusWords(s: Readonly<ElementStatus>): { text: string; title: string } {
  const parts: string[] = [];
  if (s.gaps) parts.push(`${plural(s.gaps, 'gap')}${s.worstGap ? ` (worst ${s.worstGap})` : ''}`);
  if (s.openThreats) parts.push(`${plural(s.openThreats, 'open threat')}${s.worstOpen ? ` (worst ${s.worstOpen})` : ''}`);
  if (s.unknown) parts.push(`${plural(s.unknown, 'unknown check')}`);
  if (s.unverified) parts.push(`${plural(s.unverified, 'unverified threat')}`);
  const title = parts.length ? parts.join(', ') : s.ok ? 'every check met and every threat mitigated or accepted' : 'nothing assessed';
  const t = s.tone;
  const text = t === 'ok' ? 'All met' : t === 'none' ? 'Not assessed' : t === 'unknown' ? 'To verify' : `${SEVERITY_LABEL[t]}`;
  return { text, title };
}
