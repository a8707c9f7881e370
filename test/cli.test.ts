// The command line: exit codes, help, outputs on disk.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'iotsec-cli-'));

function modelFile(dir: string, name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const gapModel = 'solution: { name: gate }\ndevices:\n  - { id: shared-key, identity: { method: symmetric-key, keyScope: shared } }\n';

describe('exit codes', () => {
  it('0 for a valid model, with a summary line', async () => {
    const d = tmp();
    const r = await cli('validate', modelFile(d, 'ok.yaml', gapModel));
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/ok\.yaml: valid \(1 element, 0 warnings\)$/);
  });
  it('2 for an invalid model, one line per problem, no stack trace', async () => {
    const d = tmp();
    const f = modelFile(d, 'bad.yaml', 'solution: { name: x }\ndevices:\n  - { id: a, kind: sensr }\n  - { id: a }\n');
    const r = await cli('validate', f);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(2);
    expect(r.err[0]).toMatch(/bad\.yaml:3:14: error: devices\[0\]\.kind is 'sensr'; expected one of .* \(did you mean 'sensor'\?\)$/);
    expect(r.err[1]).toMatch(/bad\.yaml:4:7: error: duplicate id 'a'/);
    expect(r.err.join('\n')).not.toMatch(/\n\s+at /);
  });
  it('2 for a missing file and for bad usage', async () => {
    expect((await cli('validate', '/nonexistent/model.yaml')).err).toEqual(['/nonexistent/model.yaml:1:1: error: no such file']);
    expect((await cli('assess', 'x.yaml', '--fail-on', 'severe')).code).toBe(2);
    expect((await cli('assess', 'x.yaml', '--format', 'docx')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('assess', 'x.yaml', '--date', '23/11/2026')).code).toBe(2);
  });
  it('1 when gaps reach --fail-on, 0 below it', async () => {
    const d = tmp();
    const f = modelFile(d, 'gate.yaml', gapModel);
    expect((await cli('assess', f, '-o', d, '--fail-on', 'critical')).code).toBe(1);
    expect((await cli('assess', f, '-o', d)).code).toBe(0);
  });
  it('an accepted gap does not gate', async () => {
    const d = tmp();
    const f = modelFile(d, 'acc.yaml', gapModel + 'risks:\n  - { control: CONN-002, status: accepted, justification: lab only, expires: 2999-01-01 }\n');
    expect((await cli('assess', f, '-o', d, '--fail-on', 'low')).code).toBe(0);
  });
  it('3 when the output cannot be written, and no file is left behind', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions: use a path whose parent is a file instead
      const d = tmp();
      const blocker = modelFile(d, 'blocker', 'x');
      const r = await cli('assess', modelFile(d, 'm.yaml', gapModel), '-o', join(blocker, 'out'));
      expect(r.code).toBe(3);
      expect(r.err.at(-1)).toMatch(/^iotsec: cannot write /);
      return;
    }
    const d = tmp();
    const out = join(d, 'out');
    writeFileSync(join(d, 'm.yaml'), gapModel);
    chmodSync(d, 0o500);
    expect((await cli('assess', join(d, 'm.yaml'), '-o', out)).code).toBe(3);
  });
});

describe('help', () => {
  it.each([[], ['validate'], ['assess'], ['catalog'], ['schema']])('iotsec %s --help describes every option', async (...cmd) => {
    const r = await cli(...(cmd as string[]), '--help');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/Usage: iotsec/);
  });
  it('assess --help lists its options', async () => {
    const text = (await cli('assess', '--help')).out.join('\n');
    for (const opt of ['--format', '--output', '--catalog', '--fail-on', '--date']) expect(text).toContain(opt);
  });
});

describe('assess --format json', () => {
  it('writes out/<model-name>.json, byte-identical across runs, atomically', async () => {
    const d = tmp();
    const f = modelFile(d, 'cold-chain.yaml', gapModel);
    const out = join(d, 'out');
    expect((await cli('assess', f, '--format', 'json', '-o', out)).code).toBe(0);
    const first = readFileSync(join(out, 'cold-chain.json'));
    expect((await cli('assess', f, '--format', 'json', '-o', out)).code).toBe(0);
    expect(readFileSync(join(out, 'cold-chain.json')).equals(first)).toBe(true);
    expect(readdirSync(out)).toEqual(['cold-chain.json']);
    const doc = JSON.parse(first.toString());
    expect(doc.findings.find((x: { control: string }) => x.control === 'CONN-002')).toMatchObject({ element: 'shared-key', status: 'gap', severity: 'critical' });
  });
  it('skips an invalid model, still writes the others, and exits 2', async () => {
    const d = tmp();
    const good = modelFile(d, 'good.yaml', gapModel);
    const bad = modelFile(d, 'bad.yaml', 'solution: {}\n');
    const out = join(d, 'out');
    const r = await cli('assess', bad, good, '-o', out);
    expect(r.code).toBe(2);
    expect(existsSync(join(out, 'good.json'))).toBe(true);
    expect(existsSync(join(out, 'bad.json'))).toBe(false);
    expect(r.err).toContain(`${bad}: skipped (invalid model)`);
  });
});

describe('output planning', () => {
  it('refuses, before writing anything, two models that would write the same outputs', async () => {
    const d = tmp();
    mkdirSync(join(d, 'a'));
    mkdirSync(join(d, 'b'));
    const a = modelFile(join(d, 'a'), 'm.yaml', gapModel);
    const b = modelFile(join(d, 'b'), 'm.yaml', gapModel);
    const r = await cli('assess', a, b, '-f', 'json', '-o', join(d, 'out'));
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/would both write/);
    expect(existsSync(join(d, 'out'))).toBe(false);
  });
  it('never overwrites an input file', async () => {
    const d = tmp();
    const m = modelFile(d, 'm.yaml', gapModel);
    const cat = modelFile(d, 'm.json', 'controls: []\n');
    const r = await cli('assess', m, '--catalog', cat, '-f', 'json', '-o', d);
    expect(r.code).toBe(2);
    expect(readFileSync(cat, 'utf8')).toBe('controls: []\n');
  });
  it('keeps letters of any script in output names and records no absolute path', async () => {
    const d = tmp();
    const m = modelFile(d, '設備.yaml', gapModel);
    const out = join(d, 'out');
    expect((await cli('assess', m, '-f', 'json', '-o', out)).code).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, '設備.json'), 'utf8'));
    expect(doc.model.file).toBe('設備.yaml');
    expect(JSON.stringify(doc)).not.toContain(d);
  });
});

describe('schema', () => {
  it('the committed JSON Schema is up to date (run `iotsec schema -o schema/iotsec-model.schema.json`)', async () => {
    const r = await cli('schema');
    const committed = readFileSync(join(import.meta.dirname, '..', 'schema', 'iotsec-model.schema.json'), 'utf8');
    expect(r.out.join('\n') + '\n').toBe(committed);
  });
});

describe('--logo', () => {
  const LOGOS = join(import.meta.dirname, 'fixtures', 'logos');
  const plant = 'solution: { name: Logo plant }\ndevices:\n  - { id: d1, identity: { method: x509-ca, keyScope: per-device, storage: tpm } }\n';
  /** The cover's <img> data URL, decoded. */
  function coverLogo(html: string): { type: string; bytes: Buffer } | undefined {
    const m = /<div class="cover-logo"><img src="data:([a-z+/]+);base64,([A-Za-z0-9+/]*(?:&#x3D;)*)" alt="Logo"><\/div>/.exec(html);
    return m ? { type: m[1]!, bytes: Buffer.from(m[2]!.replaceAll('&#x3D;', '='), 'base64') } : undefined;
  }

  it('takes PNG, JPEG and SVG, recognised by content whatever the name, each as an <img> data URL on the cover', async () => {
    const d = tmp();
    const m = modelFile(d, 'plant.yaml', plant);
    // Names that lie: the content decides.
    const cases = [
      ['logo.png', 'mark.svg', 'image/png'],
      ['logo.jpg', 'mark.png', 'image/jpeg'],
      ['logo.svg', 'mark', 'image/svg+xml'],
    ] as const;
    for (const [fixture, name, type] of cases) {
      const file = join(d, name);
      writeFileSync(file, readFileSync(join(LOGOS, fixture)));
      const out = join(d, `out-${type.replace('/', '-')}`);
      const r = await cli('assess', m, '--format', 'html', '-o', out, '--logo', file);
      expect(r.code, r.err.join('\n')).toBe(0);
      const logo = coverLogo(readFileSync(join(out, 'plant.html'), 'utf8'));
      expect(logo?.type).toBe(type);
      if (type === 'image/svg+xml') {
        const svg = logo!.bytes.toString('utf8');
        expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        expect(svg).toContain('Acme');
      } else expect(logo!.bytes.equals(readFileSync(join(LOGOS, fixture)))).toBe(true);
    }
  });

  it('a hostile SVG changes nothing in the report outside its <img>', async () => {
    const d = tmp();
    const m = modelFile(d, 'plant.yaml', plant);
    const logo = join(d, 'hostile.svg');
    writeFileSync(logo, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>body{display:none} .cover-title{color:red} *{background:url(https://example.invalid/x)}</style>
      <script>document.title='pwned'</script><rect width="10" height="10" style="fill:url(https://example.invalid/f)"/>"></div><p>injected</p></svg>`);
    const plain = await cli('assess', m, '--format', 'html', '-o', join(d, 'plain'), '--date', '2026-11-23');
    const withLogo = await cli('assess', m, '--format', 'html', '-o', join(d, 'logo'), '--date', '2026-11-23', '--logo', logo);
    expect([plain.code, withLogo.code]).toEqual([0, 0]);
    const html = readFileSync(join(d, 'logo', 'plant.html'), 'utf8');
    const img = /<img src="data:image\/svg\+xml;base64,[^"]*" alt="Logo">/.exec(html)?.[0];
    expect(img).toBeDefined();
    // Take the <img> out and the report is the one without a logo, byte for byte.
    expect(html.replace(img!, '')).toBe(readFileSync(join(d, 'plain', 'plant.html'), 'utf8'));
    // And the embedded image itself was sanitised: no script, no external reference.
    const svg = coverLogo(html)!.bytes.toString('utf8');
    expect(svg).not.toMatch(/script|example\.invalid|injected/);
    expect(svg).toContain('display:none'); // its style stays inside the image, where it cannot reach the report
  });

  it('refuses, with one line and exit 2 and before any browser starts, a text file, a folder, a FIFO, a missing file and one over 2 MB', async () => {
    const d = tmp();
    const m = modelFile(d, 'plant.yaml', plant);
    writeFileSync(join(d, 'notes.txt'), 'This is not an image.\n');
    writeFileSync(join(d, 'page.xml'), '<?xml version="1.0"?><html><body/></html>');
    const big = Buffer.alloc(2 * 1024 * 1024 + 1);
    readFileSync(join(LOGOS, 'logo.png')).copy(big);
    writeFileSync(join(d, 'big.png'), big);
    mkdirSync(join(d, 'folder.png'));
    execFileSync('mkfifo', [join(d, 'pipe.svg')]);
    const cases: Array<[string, RegExp]> = [
      ['notes.txt', /--logo .*notes\.txt: not a PNG, JPEG or SVG image$/],
      ['page.xml', /--logo .*page\.xml: not a PNG, JPEG or SVG image \(an XML document whose root is <html>\)$/],
      ['big.png', /--logo .*big\.png: larger than 2 MB; use a smaller image$/],
      ['folder.png', /--logo .*folder\.png: cannot read it \(is a folder, not an image\)$/],
      ['pipe.svg', /--logo .*pipe\.svg: cannot read it \(is a FIFO, not a regular file\)$/],
      ['missing.png', /--logo .*missing\.png: cannot read it \(no such file\)$/],
    ];
    for (const [name, message] of cases) {
      const r = await cli('assess', m, '--format', 'html,json', '-o', join(d, 'out'), '--logo', join(d, name), '--browser', join(d, 'no-browser'));
      expect(r.code, name).toBe(2);
      expect(r.err, name).toEqual([expect.stringMatching(new RegExp(`^iotsec: ${message.source}`))]);
    }
    expect(existsSync(join(d, 'out'))).toBe(false);
  });
});

describe('--title', () => {
  const plant = 'solution: { name: Title plant }\ndevices:\n  - { id: d1, identity: { method: x509-ca, keyScope: per-device, storage: tpm } }\n';
  const page2Header = (pdf: string) => execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', pdf, '-'], { encoding: 'utf8' }).split('\n').find((l) => l.trim() !== '')!.trim();
  const pdfTitle = (pdf: string) => /^Title:\s+(.*)$/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1];

  it('is the document’s title: the cover’s main title, the PDF Title and the running header (the solution under it on the cover)', async () => {
    const d = tmp();
    const m = modelFile(d, 'plant.yaml', plant);
    const r = await cli('assess', m, '--format', 'html,pdf', '-o', d, '--title', 'Design review 2026');
    expect(r.code, r.err.join('\n')).toBe(0);
    const html = readFileSync(join(d, 'plant.html'), 'utf8');
    expect(html).toContain('<p class="cover-title">Design review 2026</p>');
    expect(html).toContain('<p class="cover-subtitle">Title plant</p>');
    expect(html).toContain('<title>Design review 2026</title>');
    expect(html).not.toContain('class="cover-kicker"');
    expect(pdfTitle(join(d, 'plant.pdf'))).toBe('Design review 2026');
    expect(page2Header(join(d, 'plant.pdf'))).toBe('Design review 2026');
  });

  it('defaults to "<solution> — Security assessment", the same in all three places', async () => {
    const d = tmp();
    const m = modelFile(d, 'plant.yaml', plant);
    expect((await cli('assess', m, '--format', 'html,pdf', '-o', d)).code).toBe(0);
    const html = readFileSync(join(d, 'plant.html'), 'utf8');
    expect(html).toContain('<p class="cover-title">Title plant — Security assessment</p>');
    expect(html).not.toContain('<p class="cover-subtitle">');
    expect(pdfTitle(join(d, 'plant.pdf'))).toBe('Title plant — Security assessment');
    expect(page2Header(join(d, 'plant.pdf'))).toBe('Title plant — Security assessment');
  });
});

describe("commander's own errors", () => {
  it('escape control characters and line breaks of the arguments they quote: no terminal control, no forged line', async () => {
    const run = await cli('assess', 'x.yaml', '--paper', 'a5\u001b[2J\nfake.yaml:1:1: error: forged');
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(2);
    expect(run.err[0]).toContain("'a5\\u001b[2J\\nfake.yaml:1:1: error: forged' is invalid");
    expect(run.err.join('\n')).not.toMatch(/\u001b/);
    expect(run.err[1]).toBe('(run iotsec --help for usage)');
  });
});
