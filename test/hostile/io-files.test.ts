// Output files that cannot be turned against the user: temporary files created exclusively under a
// random name (a planted link is never followed), no writing through a symbolic link at the output
// path, and no output that would overwrite an input (models, catalogs, the logo, templates).
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnsafeOutputError, writeFileAtomic } from '../../src/util/files.js';
import { cli } from '../helpers/cli.js';
import { SAMPLES, scratch } from './io-built-cli.js';

const LOGO = join(import.meta.dirname, '..', 'fixtures', 'logos', 'logo.png');

describe('writeFileAtomic', () => {
  it('never writes through a planted temporary name (the old predictable .<name>.<pid>.tmp)', () => {
    const d = scratch();
    const victim = join(d, 'victim.txt');
    writeFileSync(victim, 'precious');
    const out = join(d, 'report.json');
    symlinkSync(victim, join(d, `.${basename(out)}.${process.pid}.tmp`));
    writeFileAtomic(out, '{"ok":true}');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(out, 'utf8')).toBe('{"ok":true}');
    expect(lstatSync(out).isFile()).toBe(true);
  });

  it('replaces the file each time and leaves no temporary file behind', () => {
    const d = scratch();
    for (let i = 0; i < 5; i++) writeFileAtomic(join(d, 'a.json'), String(i));
    expect(readdirSync(d)).toEqual(['a.json']);
    expect(readFileSync(join(d, 'a.json'), 'utf8')).toBe('4');
  });

  it('refuses an output path that is a symbolic link, and leaves the link and its target alone', () => {
    const d = scratch();
    const victim = join(d, 'victim.txt');
    writeFileSync(victim, 'precious');
    const out = join(d, 'report.json');
    symlinkSync(victim, out);
    expect(() => writeFileAtomic(out, 'x')).toThrow(UnsafeOutputError);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['report.json', 'victim.txt']);
  });
});

describe('assess refuses, before writing anything, an output that', () => {
  function setup(): { d: string; model: string; out: string } {
    const d = scratch();
    const model = join(d, 'plant.yaml');
    copyFileSync(SAMPLES[0]!, model);
    const out = join(d, 'out');
    mkdirSync(out);
    return { d, model, out };
  }

  it('is a symbolic link (exit 2, one line; the link’s target untouched)', async () => {
    const { d, model, out } = setup();
    writeFileSync(join(d, 'victim.txt'), 'precious');
    symlinkSync(join(d, 'victim.txt'), join(out, 'plant.json'));
    const r = await cli('assess', model, '--format', 'json', '-o', out);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([expect.stringMatching(/^iotsec: .*plant\.json is a symbolic link; refusing to write through it; remove it or choose another --output folder$/)]);
    expect(readFileSync(join(d, 'victim.txt'), 'utf8')).toBe('precious');
  });

  it('is the --logo file', async () => {
    const { model, out } = setup();
    copyFileSync(LOGO, join(out, 'plant.html'));
    const before = readFileSync(join(out, 'plant.html'));
    const r = await cli('assess', model, '--format', 'json,html', '-o', out, '--logo', join(out, 'plant.html'), '--browser', join(out, 'no-browser'));
    expect(r.code).toBe(2);
    expect(r.err).toEqual([expect.stringMatching(/plant\.html would overwrite an input file; choose another --output folder$/)]);
    expect(readFileSync(join(out, 'plant.html')).equals(before)).toBe(true);
    expect(existsSync(join(out, 'plant.json'))).toBe(false);
  });

  it('is a file of the --template-dir', async () => {
    const { model, out } = setup();
    writeFileSync(join(out, 'plant.html'), '<p>a template author’s page</p>');
    const r = await cli('assess', model, '--format', 'json,html', '-o', out, '--template-dir', out, '--browser', join(out, 'no-browser'));
    expect(r.code).toBe(2);
    expect(r.err).toEqual([expect.stringMatching(/plant\.html would overwrite an input file/)]);
    expect(readFileSync(join(out, 'plant.html'), 'utf8')).toBe('<p>a template author’s page</p>');
  });

  it('is a --catalog file, also under another name (a symbolic link to it)', async () => {
    const { d, model, out } = setup();
    const catalog = join(d, 'extra.yaml');
    writeFileSync(catalog, 'controls: []\n');
    symlinkSync(catalog, join(out, 'plant.json'));
    const r = await cli('assess', model, '--format', 'json', '-o', out, '--catalog', catalog);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([expect.stringMatching(/plant\.json would overwrite an input file/)]);
    expect(readFileSync(catalog, 'utf8')).toBe('controls: []\n');
  });
});

describe('schema -o', () => {
  it('refuses to write through a symbolic link: exit 3, one line, target untouched', async () => {
    const d = scratch();
    writeFileSync(join(d, 'victim.txt'), 'precious');
    symlinkSync(join(d, 'victim.txt'), join(d, 'schema.json'));
    const r = await cli('schema', '-o', join(d, 'schema.json'));
    expect(r.code).toBe(3);
    expect(r.err).toEqual([expect.stringMatching(/^iotsec: cannot write .*schema\.json: is a symbolic link; refusing to write through it$/)]);
    expect(readFileSync(join(d, 'victim.txt'), 'utf8')).toBe('precious');
  });
});
