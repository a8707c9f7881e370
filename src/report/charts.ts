// Geometry of the report's inline SVG charts: numbers only, drawn by the templates (so every label
// goes through Handlebars' escaping). Pure; coordinates rounded so the HTML is byte-identical across runs.
import { TONE_COLORS, type Tone } from './mermaid.js';

const r2 = (x: number) => Math.round(x * 100) / 100;

export interface Bar {
  label: string;
  value: number;
  color: string;
  /** Bar geometry in the chart's viewBox. */
  y: number;
  width: number;
  /** Where the value label sits: after the bar. */
  valueX: number;
  textY: number;
}

export interface BarChart {
  title: string;
  width: number;
  height: number;
  labelWidth: number;
  /** Right edge of the row labels. */
  labelX: number;
  barHeight: number;
  bars: Bar[];
  total: number;
  /** For screen readers: "Critical 3, High 5, …". */
  description: string;
}

export function barChart(title: string, rows: ReadonlyArray<{ label: string; value: number; tone: Tone }>): BarChart {
  const width = 320;
  const labelWidth = 78;
  const barHeight = 18;
  const gap = 8;
  const room = width - labelWidth - 40;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const bars = rows.map((r, i) => {
    const y = i * (barHeight + gap) + 4;
    const w = r.value === 0 ? 0 : Math.max(2, (r.value / max) * room);
    return { label: r.label, value: r.value, color: TONE_COLORS[r.tone], y, width: r2(w), valueX: r2(labelWidth + w + 6), textY: r2(y + barHeight / 2 + 4.5) };
  });
  return {
    title,
    width,
    height: rows.length * (barHeight + gap) + 4,
    labelWidth,
    labelX: labelWidth - 8,
    barHeight,
    bars,
    total: rows.reduce((s, r) => s + r.value, 0),
    description: rows.map((r) => `${r.label} ${r.value}`).join(', '),
  };
}

export interface DonutSegment {
  label: string;
  value: number;
  percent: number;
  color: string;
  /** stroke-dasharray and stroke-dashoffset on a circle whose circumference is 100. */
  dash: string;
  offset: number;
}

export interface DonutChart {
  title: string;
  segments: DonutSegment[];
  total: number;
  /** The figure in the middle, e.g. "49%". */
  center: string;
  centerLabel: string;
  description: string;
}

/** A ring chart; the first segment starts at twelve o'clock and runs clockwise. */
export function donutChart(title: string, rows: ReadonlyArray<{ label: string; value: number; tone: Tone }>, center: { value: string; label: string }): DonutChart {
  const total = rows.reduce((s, r) => s + r.value, 0);
  let done = 0;
  const segments = rows.map((r) => {
    const pct = total === 0 ? 0 : (r.value / total) * 100;
    const seg = { label: r.label, value: r.value, percent: Math.round(pct), color: TONE_COLORS[r.tone], dash: `${r2(pct)} ${r2(100 - pct)}`, offset: r2(25 - done) };
    done += pct;
    return seg;
  });
  return {
    title,
    segments: segments.filter((s) => s.value > 0),
    total,
    center: center.value,
    centerLabel: center.label,
    description: rows.map((r) => `${r.label} ${r.value}`).join(', '),
  };
}

/** Whole percent, never showing 100 % or 0 % for a share that is not all or nothing. */
export function percent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  const p = Math.round((part / whole) * 100);
  if (p === 100 && part < whole) return 99;
  if (p === 0 && part > 0) return 1;
  return p;
}
