// Script installed in the diagram page (plain JavaScript, as text: it runs in the browser, and code
// transformed by a bundler or test runner must not leak helpers into it). It defines
// window.__iotsec.sanitize(svgText) and window.__iotsec.renderAll(items, config).
//
// sanitize parses the SVG with an inert HTML parser (as a browser reading the report would), keeps
// only an allowlist of SVG elements, drops event handlers, scripts, foreignObject, animation, links
// outside the document, javascript:/data: URLs other than raster images, @import and external url()
// in CSS, and serialises the result as XML. renderAll renders Mermaid definitions one after another
// in this page (Mermaid loaded once) and reports errors per diagram, including the "Maximum text
// size" placeholder Mermaid draws instead of failing.
export const PAGE_SCRIPT = String.raw`(() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const ALLOWED = new Set(['svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan',
    'defs', 'marker', 'style', 'title', 'desc', 'lineargradient', 'radialgradient', 'stop', 'clippath', 'mask', 'pattern',
    'use', 'symbol', 'filter', 'fedropshadow', 'fegaussianblur', 'feoffset', 'feflood', 'fecomposite', 'femerge',
    'femergenode', 'feblend', 'fecolormatrix', 'image']);
  const UNWRAP = new Set(['a', 'switch']);
  const RASTER = /^data:image\/(png|jpe?g|gif|webp);base64,[A-Za-z0-9+\/=\s]*$/i;
  const BAD_VALUE = /(?:java|vb)script:|data:(?!image\/(?:png|jpe?g|gif|webp);)/i;
  const cleanCss = (css) => css
    .replace(/@import[^;]*;?/gi, '')
    .replace(/url\(\s*(['"]?)\s*(?!#)[^)]*\)/gi, 'none')
    .replace(/expression\s*\(/gi, 'none(')
    .replace(/<\/?(?:style|script)/gi, '');
  const cleanAttrs = (el) => {
    for (const attr of [...el.attributes]) {
      const n = attr.name.toLowerCase();
      const v = attr.value;
      if (n.startsWith('on') || n === 'src' || n === 'xml:base' || n === 'formaction' || n === 'action') {
        el.removeAttribute(attr.name);
      } else if (n === 'href' || n.endsWith(':href')) {
        if (!(v.trim().startsWith('#') || (el.localName.toLowerCase() === 'image' && RASTER.test(v.trim())))) el.removeAttribute(attr.name);
      } else if (BAD_VALUE.test(v)) {
        el.removeAttribute(attr.name);
      } else if (n === 'style' || /url\(/i.test(v)) {
        el.setAttribute(attr.name, cleanCss(v));
      }
    }
  };
  const clean = (el) => {
    cleanAttrs(el);
    for (const child of [...el.childNodes]) {
      if (child.nodeType === 8 || child.nodeType === 7) { child.remove(); continue; }
      if (child.nodeType !== 1) continue;
      const name = child.localName.toLowerCase();
      if (child.namespaceURI === SVG_NS && UNWRAP.has(name)) {
        const kids = [...child.childNodes];
        child.replaceWith(...kids);
        for (const k of kids) if (k.nodeType === 1) clean(k); else if (k.nodeType === 8) k.remove();
        continue;
      }
      if (child.namespaceURI !== SVG_NS || !ALLOWED.has(name)) { child.remove(); continue; }
      clean(child);
    }
    if (el.localName.toLowerCase() === 'style') el.textContent = cleanCss(el.textContent || '');
  };
  const sanitize = (text) => {
    const doc = new DOMParser().parseFromString('<!doctype html><html><body>' + text + '</body></html>', 'text/html');
    const roots = [...doc.body.children];
    const svg = roots.find((e) => e.namespaceURI === SVG_NS && e.localName === 'svg');
    if (!svg) return { error: 'not an SVG image' };
    clean(svg);
    return { svg: new XMLSerializer().serializeToString(svg) };
  };
  const renderAll = async (items, config) => {
    const mermaid = window.__mermaid;
    mermaid.initialize(config);
    const out = [];
    for (const it of items) {
      try {
        const { svg } = await mermaid.render(it.key, it.source);
        if (/Maximum text size in diagram exceeded/.test(svg)) out.push({ key: it.key, error: 'Maximum text size in diagram exceeded' });
        else if (/aria-roledescription="error"/.test(svg)) out.push({ key: it.key, error: 'Mermaid drew an error instead of the diagram' });
        else out.push({ key: it.key, ...sanitize(svg) });
      } catch (e) {
        out.push({ key: it.key, error: String((e && e.message) || e).split('\n').slice(0, 3).join(' ') });
      } finally {
        for (const n of [...document.body.children]) if (n.id !== 'work') n.remove();
      }
    }
    return out;
  };
  window.__iotsec = { sanitize, renderAll };
})();`;
