// The view model → one self-contained HTML file, through Handlebars templates (templates/, or a user's
// --template-dir overriding any of them). Everything from the model and catalog goes through
// Handlebars' default escaping; templates need no triple-stash: the only markup inserted as-is is what
// this code produced or sanitised (diagram SVG, the stylesheet and script, the methodology Markdown
// with raw HTML escaped), through helpers returning SafeString. The logo is an <img> with a data: URL.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { Marked } from 'marked';
import { PACKAGE_ROOT } from '../catalog/load.js';
import { UsageError } from '../model/diagnostics.js';
import { readFailureText, readFileBounded } from '../util/read-bounded.js';
import { showInvisiblesDeep } from '../util/text.js';
import { fontFaceCss } from './fonts.js';
import { runningHeaderCss } from './running-header.js';
import { hasMetaRefresh } from './template-navigation.js';
import type { ReportView } from './view-model.js';

export const TEMPLATE_DIR = join(PACKAGE_ROOT, 'templates');

export interface TemplateFiles {
  /** report.hbs */
  main: { file: string; text: string };
  /** partials/<name>.hbs by name */
  partials: Map<string, { file: string; text: string }>;
  css: string;
  script: string;
}

/** Largest template file read: the built-in ones are a few tens of kilobytes. */
export const TEMPLATE_MAX_BYTES = 2 * 1024 * 1024;

function read(file: string): string {
  const r = readFileBounded(file, TEMPLATE_MAX_BYTES);
  if (!r.ok) throw new UsageError(`cannot read template ${file}: ${readFailureText(r)}`);
  return new TextDecoder().decode(r.bytes);
}

function hbsIn(dir: string): string[] {
  return existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort() : [];
}

/**
 * The built-in templates, with a user's folder laid over them: `report.hbs`, `report.css`, `report.js`,
 * and partials as `partials/<name>.hbs` or `<name>.hbs`. A user's partial of a new name is available too.
 */
export function readTemplates(overrideDir?: string): TemplateFiles {
  if (overrideDir !== undefined && !(existsSync(overrideDir) && statSync(overrideDir).isDirectory())) {
    throw new UsageError(`--template-dir ${overrideDir} is not a folder`);
  }
  const pick = (name: string) => (overrideDir && existsSync(join(overrideDir, name)) ? join(overrideDir, name) : join(TEMPLATE_DIR, name));
  const mainFile = pick('report.hbs');
  const partials = new Map<string, { file: string; text: string }>();
  const add = (dir: string) => {
    for (const f of hbsIn(dir)) {
      if (dir === overrideDir && f === 'report.hbs') continue;
      partials.set(basename(f, '.hbs'), { file: join(dir, f), text: read(join(dir, f)) });
    }
  };
  add(join(TEMPLATE_DIR, 'partials'));
  if (overrideDir) {
    add(overrideDir);
    add(join(overrideDir, 'partials'));
  }
  return { main: { file: mainFile, text: read(mainFile) }, partials, css: read(pick('report.css')), script: read(pick('report.js')) };
}

/** Markdown → HTML with any raw HTML in it shown as text. */
const markdown = new Marked({ gfm: true, async: false });
markdown.use({
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
  },
  walkTokens(token) {
    // Links and images keep their text but lose URLs other than in-document anchors and http(s).
    if ((token.type === 'link' || token.type === 'image') && !/^(#|https?:)/i.test(token.href)) token.href = '#';
  },
});

/** Text for HTML content or a quoted attribute value: & < > " ' as character references. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Markdown for the report: headings shifted down so the document's own h1/h2 stay the top levels. */
export function markdownHtml(text: string, shift = 2): string {
  const html = markdown.parse(text) as string;
  return html.replace(/<(\/?)h([1-6])(\s|>)/g, (_m, slash: string, level: string, rest: string) => `<${slash}h${Math.min(6, Number(level) + shift)}${rest}`);
}

/** CSS and script are inlined: make sure neither can close its element. */
function inlineSafe(text: string, tag: 'style' | 'script'): string {
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

export interface CompiledTemplates {
  render(view: ReportView, svgs: ReadonlyMap<string, string>): string;
}

export function compileTemplates(files: TemplateFiles): CompiledTemplates {
  const hb = Handlebars.create();
  const compile = (t: { file: string; text: string }) => {
    try {
      // Parsing surfaces syntax errors now, with the file name, instead of at render time; compile
      // itself is lazy (a full precompile here cost ≈ 150 ms a run, and compile repeated the work).
      hb.parse(t.text);
      return hb.compile(t.text, { strict: false, preventIndent: true });
    } catch (err) {
      throw new UsageError(`template ${t.file}: ${(err instanceof Error ? err.message : String(err)).split('\n').join(' ')}`);
    }
  };
  for (const [name, p] of files.partials) hb.registerPartial(name, compile(p));
  const main = compile(files.main);
  const css = inlineSafe(files.css, 'style');
  const script = inlineSafe(files.script, 'script');
  const scriptHash = createHash('sha256').update(script).digest('base64');
  // Only this script may run; styles are inline; images only from data: URLs; nothing is fetched.
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;

  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper('diagram', (key: unknown, options: Handlebars.HelperOptions) => {
    const svg = (options.data?.svgs as ReadonlyMap<string, string> | undefined)?.get(String(key));
    return svg === undefined ? '' : new hb.SafeString(svg);
  });
  hb.registerHelper('styles', () => new hb.SafeString(css));
  hb.registerHelper('fonts', function (this: unknown, options: Handlebars.HelperOptions) {
    const root = options.data?.root as ReportView | undefined;
    return new hb.SafeString(fontFaceCss(root));
  });
  hb.registerHelper('runningHeader', function (this: unknown, options: Handlebars.HelperOptions) {
    const root = options.data?.root as ReportView | undefined;
    return root ? new hb.SafeString(runningHeaderCss(root.meta)) : '';
  });
  hb.registerHelper('script', () => new hb.SafeString(script));
  hb.registerHelper('csp', () => csp);
  hb.registerHelper('markdown', (text: unknown) => new hb.SafeString(markdownHtml(String(text ?? ''))));

  return {
    render(view, svgs) {
      let html: string;
      try {
        // The diagrams travel in the render's data (as @root does), not in state shared between renders.
        // Bidirectional and zero-width characters in the view's text are shown, not obeyed.
        html = main(showInvisiblesDeep(view), { data: { svgs }, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      } catch (err) {
        throw new UsageError(`template ${files.main.file}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
      }
      if (hasMetaRefresh(html)) {
        // Model text is escaped, so the tag comes from a template: name the one that holds it.
        const culprit = [files.main, ...files.partials.values()].find((t) => hasMetaRefresh(t.text)) ?? files.main;
        throw new UsageError(`template ${culprit.file}: <meta http-equiv="refresh"> would make the report navigate away; remove it`);
      }
      return html;
    },
  };
}
