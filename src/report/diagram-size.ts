// How large a diagram's text prints. A figure's SVG is scaled to fit the figure box of the printed page
// (never enlarged: Mermaid caps its width at the natural size), so its text prints at
//   font size × min(1, box width / viewBox width, box height / viewBox height).
// The box is the page's content width and the figure's max-height in templates/report.css (print);
// test/report-mermaid.test.ts checks that the two agree. Pure.
import type { Paper } from './view-model.js';

/** Smallest legible diagram text on paper at 100 %. */
export const MIN_TEXT_PT = 8;

const PX_PER_MM = 96 / 25.4;
const PT_PER_PX = 0.75;

/** From templates/report.css: @page margins (left + right), figure padding, figure max-heights. */
export const PRINT_BOX = {
  pageWidthMm: { a4: 210, letter: 215.9 } as Record<Paper, number>,
  marginsMm: 16 + 16,
  /** figure.diagram padding in print, both sides. */
  paddingPx: 4 + 4,
  maxHeightMm: 228,
  /** The first figure shares its page with the section heading and lead. */
  firstMaxHeightMm: 196,
} as const;

export interface SvgSize {
  width: number;
  height: number;
  /** Smallest font size of the drawing's text, in SVG units. */
  fontSize: number;
}

/** viewBox and smallest text size of a rendered Mermaid SVG; undefined when they cannot be read. */
export function measureSvg(svg: string): SvgSize | undefined {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0];
  const vb = open && /\sviewBox="([^"]+)"/.exec(open)?.[1]?.trim().split(/[\s,]+/).map(Number);
  if (!open || !vb || vb.length !== 4 || !vb.every(Number.isFinite)) return undefined;
  const id = /\sid="([^"]+)"/.exec(open)?.[1];
  const sizes: number[] = [];
  // The drawing's own size (#id{…font-size:17px…}), then any size set on text or labels themselves.
  if (id !== undefined) {
    const root = new RegExp(`#${id.replace(/[^A-Za-z0-9_-]/g, '')}\\{[^}]*?font-size:\\s*([\\d.]+)px`).exec(svg);
    if (root) sizes.push(Number(root[1]));
  }
  for (const m of svg.matchAll(/<(?:text|tspan|g)\b[^>]*\sstyle="[^"]*font-size:\s*([\d.]+)px/g)) sizes.push(Number(m[1]));
  for (const m of svg.matchAll(/<(?:text|tspan)\b[^>]*\sfont-size="([\d.]+)(?:px)?"/g)) sizes.push(Number(m[1]));
  if (sizes.length === 0) return undefined;
  return { width: vb[2]!, height: vb[3]!, fontSize: Math.min(...sizes) };
}

/** The figure box in CSS px. */
export function figureBox(paper: Paper, first: boolean): { width: number; height: number } {
  return {
    width: (PRINT_BOX.pageWidthMm[paper] - PRINT_BOX.marginsMm) * PX_PER_MM - PRINT_BOX.paddingPx,
    height: (first ? PRINT_BOX.firstMaxHeightMm : PRINT_BOX.maxHeightMm) * PX_PER_MM,
  };
}

/** Printed size in pt of the smallest text of a drawing, rounded down to 0.1 pt. */
export function printedTextPt(size: SvgSize, box: { width: number; height: number }): number {
  const scale = Math.min(1, box.width / size.width, box.height / size.height);
  return Math.floor(size.fontSize * scale * PT_PER_PX * 10) / 10;
}
