// iotsec diff's output: text (one line per change), Markdown (for a pull request) or JSON.
import { CHANGE_ORDER, type Change, type ChangeKind } from '../engine/diff.js';
import { mdText } from './markdown.js';
import { plural } from '../util/words.js';

export const DIFF_FORMATS = ['text', 'md', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

const KIND: Record<ChangeKind, { one: string; many: string; sign: string }> = {
  'new-gap': { one: 'new gap', many: 'new gaps', sign: '+' },
  'new-open-threat': { one: 'newly open threat', many: 'newly open threats', sign: '+' },
  'severity-changed': { one: 'severity change', many: 'severity changes', sign: '~' },
  'residual-changed': { one: 'residual-risk change', many: 'residual-risk changes', sign: '~' },
  'decision-expired': { one: 'decision expired', many: 'decisions expired', sign: '!' },
  'decision-added': { one: 'decision added', many: 'decisions added', sign: '+' },
  'decision-removed': { one: 'decision removed', many: 'decisions removed', sign: '-' },
  'closed-gap': { one: 'closed gap', many: 'closed gaps', sign: '-' },
  'mitigated-threat': { one: 'threat no longer open', many: 'threats no longer open', sign: '-' },
};

export function diffCounts(changes: readonly Change[]): Record<ChangeKind, number> {
  const counts = Object.fromEntries(CHANGE_ORDER.map((k) => [k, 0])) as Record<ChangeKind, number>;
  for (const c of changes) counts[c.kind]++;
  return counts;
}

export function diffSummary(changes: readonly Change[]): string {
  const counts = diffCounts(changes);
  const parts = CHANGE_ORDER.filter((k) => counts[k] > 0).map((k) => plural(counts[k], KIND[k].one, KIND[k].many));
  return parts.length === 0 ? 'no changes' : parts.join(', ');
}

function transition(c: Change): string {
  if (c.from !== undefined && c.to !== undefined) return `${c.from} → ${c.to}`;
  if (c.to !== undefined) return `new, ${c.to}`;
  return `was ${c.from ?? ''}`;
}

function line(c: Change): string {
  const level = c.level !== undefined ? ` (${c.level})` : '';
  return `${KIND[c.kind].sign} ${KIND[c.kind].one}${level}: ${c.id} — ${c.title} [${transition(c)}]`;
}

export function renderDiff(changes: readonly Change[], format: DiffFormat, names: { before: string; after: string }): string {
  switch (format) {
    case 'text':
      return [`${names.before} → ${names.after}: ${diffSummary(changes)}`, ...changes.map(line)].join('\n') + '\n';
    case 'json':
      return JSON.stringify({ before: names.before, after: names.after, counts: diffCounts(changes), changes }, null, 2) + '\n';
    case 'md': {
      const out = [`## Changes: ${mdText(names.before)} → ${mdText(names.after)}`, '', `${diffSummary(changes)}.`, ''];
      for (const kind of CHANGE_ORDER) {
        const list = changes.filter((c) => c.kind === kind);
        if (list.length === 0) continue;
        out.push(`### ${KIND[kind].many[0]!.toUpperCase()}${KIND[kind].many.slice(1)} (${list.length})`, '', '| Id | Title | Level | Change |', '| --- | --- | --- | --- |');
        for (const c of list) out.push(`| \`${c.id.replace(/`/g, "'")}\` | ${mdText(c.title)} | ${c.level ?? ''} | ${mdText(transition(c))} |`);
        out.push('');
      }
      return out.join('\n');
    }
  }
}
