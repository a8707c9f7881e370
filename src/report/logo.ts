// Recognising a cover logo by its content, not its name: PNG and JPEG by their signatures, SVG by
// an XML document whose root element is <svg>. Pure: the CLI reads the file (boundedly) and passes
// the bytes in.

export type LogoType = 'png' | 'jpeg' | 'svg';

export const LOGO_MEDIA_TYPE: Record<LogoType, string> = { png: 'image/png', jpeg: 'image/jpeg', svg: 'image/svg+xml' };

/** Largest logo accepted: a cover logo is a few kilobytes; this leaves room for a detailed one. */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;

export interface LogoImage {
  /** The file as the user named it, for messages. */
  file: string;
  type: LogoType;
  mediaType: string;
  bytes: Uint8Array;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

/**
 * The root element's name of an XML text, skipping the XML declaration, comments, processing
 * instructions, a doctype (with an internal subset) and whitespace; undefined when the text does not
 * start like an XML document.
 */
export function xmlRootName(text: string): string | undefined {
  let s = text.replace(/^\uFEFF/, '');
  for (;;) {
    s = s.replace(/^\s+/, '');
    if (s.startsWith('<?')) {
      const end = s.indexOf('?>');
      if (end < 0) return undefined;
      s = s.slice(end + 2);
    } else if (s.startsWith('<!--')) {
      const end = s.indexOf('-->', 4);
      if (end < 0) return undefined;
      s = s.slice(end + 3);
    } else if (/^<!DOCTYPE/i.test(s)) {
      const m = /^<!DOCTYPE[^[>]*(\[[\s\S]*?\]\s*)?>/i.exec(s);
      if (!m) return undefined;
      s = s.slice(m[0].length);
    } else break;
  }
  const m = /^<([A-Za-z_][\w.:-]*)[\s/>]/.exec(s);
  return m?.[1];
}

/** The logo's type, or why it is not one of the accepted images. */
export function detectLogo(bytes: Uint8Array): { ok: true; type: LogoType } | { ok: false; reason: string } {
  if (startsWith(bytes, PNG)) return { ok: true, type: 'png' };
  if (startsWith(bytes, JPEG)) return { ok: true, type: 'jpeg' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'not a PNG, JPEG or SVG image' };
  }
  const root = xmlRootName(text);
  if (root === 'svg') return { ok: true, type: 'svg' };
  return { ok: false, reason: root === undefined ? 'not a PNG, JPEG or SVG image' : `not a PNG, JPEG or SVG image (an XML document whose root is <${root}>)` };
}
