// Bounded reads: models, catalogs, templates and logos are opened once, refused when they are not a
// regular file (folder, FIFO, device, socket) and never read past the limit + 1 byte. Each case: exit
// 2, one located line, no stack trace, well under 5 s, no output.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTemplates } from '../../src/report/html.js';
import { readFileBounded } from '../../src/util/read-bounded.js';
import { errLines, HAS_BUILD, NO_BUILD, run, SAMPLES, scratch, STACK } from './io-built-cli.js';

const dir = scratch('iotsec-reads-');
const fifo = join(dir, 'fifo.yaml');
const socketPath = join(dir, 'socket.yaml');
let server: Server;

beforeAll(async () => {
  execFileSync('mkfifo', [fifo]);
  mkdirSync(join(dir, 'folder.yaml'));
  server = createServer();
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('readFileBounded', () => {
  it('reads a regular file up to the limit, refuses one byte more without reading it whole', () => {
    const f = join(dir, 'ten.bin');
    writeFileSync(f, Buffer.alloc(10, 1));
    const ok = readFileBounded(f, 10);
    expect(ok.ok && ok.bytes.length).toBe(10);
    expect(readFileBounded(f, 9)).toEqual({ ok: false, reason: 'too-large', limit: 9 });
  });
  it('names what is not a regular file, without blocking on a FIFO or reading a device', () => {
    expect(readFileBounded(fifo, 100)).toEqual({ ok: false, reason: 'not-regular', kind: 'a FIFO' });
    expect(readFileBounded('/dev/zero', 100)).toEqual({ ok: false, reason: 'not-regular', kind: 'a character device' });
    expect(readFileBounded(socketPath, 100)).toEqual({ ok: false, reason: 'not-regular', kind: 'a socket' });
    expect(readFileBounded(join(dir, 'folder.yaml'), 100)).toEqual({ ok: false, reason: 'directory' });
    expect(readFileBounded(join(dir, 'missing.yaml'), 100)).toEqual({ ok: false, reason: 'missing' });
  });
});

describe('templates are read boundedly too', () => {
  it('a report.hbs that is a FIFO is a one-line template error, not a hang', () => {
    const t = join(dir, 'templates');
    mkdirSync(t);
    execFileSync('mkfifo', [join(t, 'report.hbs')]);
    expect(() => readTemplates(t)).toThrow(/^cannot read template .*report\.hbs: is a FIFO, not a regular file$/);
  });
});

describe.skipIf(!HAS_BUILD)(`hostile files given as inputs${HAS_BUILD ? '' : ` (${NO_BUILD})`}`, () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['validate /dev/zero', ['validate', '/dev/zero'], /^\/dev\/zero:1:1: error: is a character device, not a regular file$/],
    ['validate a FIFO', ['validate', fifo], /fifo\.yaml:1:1: error: is a FIFO, not a regular file$/],
    ['validate a socket', ['validate', socketPath], /socket\.yaml:1:1: error: is a socket, not a regular file$/],
    ['validate a folder', ['validate', join(dir, 'folder.yaml')], /folder\.yaml:1:1: error: is a folder, not a model file$/],
    ['assess /dev/zero', ['assess', '/dev/zero', '--format', 'json', '-o', join(dir, 'out')], /^\/dev\/zero:1:1: error: is a character device, not a regular file$/],
    ['catalog lint /dev/zero', ['catalog', 'lint', '/dev/zero'], /^\/dev\/zero:1:1: error: is a character device, not a regular file$/],
    ['catalog lint a FIFO', ['catalog', 'lint', fifo], /fifo\.yaml:1:1: error: is a FIFO, not a regular file$/],
    ['--catalog /dev/zero', ['validate', SAMPLES[0]!, '--catalog', '/dev/zero'], /^\/dev\/zero:1:1: error: is a character device, not a regular file$/],
    ['--logo /dev/zero', ['assess', SAMPLES[0]!, '--format', 'html', '-o', join(dir, 'out'), '--logo', '/dev/zero', '--browser', join(dir, 'no-browser')], /^iotsec: --logo \/dev\/zero: cannot read it \(is a character device, not a regular file\)$/],
    ['--logo a FIFO', ['assess', SAMPLES[0]!, '--format', 'html', '-o', join(dir, 'out'), '--logo', fifo, '--browser', join(dir, 'no-browser')], /--logo .*fifo\.yaml: cannot read it \(is a FIFO, not a regular file\)$/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: exit 2, one located line, fast`, async () => {
      const r = await run(args, { timeoutMs: 10_000 });
      expect(r.code, r.err).toBe(2);
      const lines = errLines(r.err).filter((l) => !/skipped \(invalid model\)$/.test(l));
      expect(lines).toEqual([expect.stringMatching(message)]);
      expect(r.err).not.toMatch(STACK);
      expect(r.ms).toBeLessThan(5000);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    });
  }
});

describe.skipIf(!HAS_BUILD)('the model size limit, and --max-model-size to raise it', () => {
  // A valid model made larger than 5 MB by a comment: cheap to parse, over the default limit.
  const big = join(dir, 'big.yaml');
  beforeAll(() => writeFileSync(big, `${readFileSync(SAMPLES[0]!, 'utf8')}\n# ${'x'.repeat(6 * 1024 * 1024)}\n`));

  it('refuses a 6 MB model by default, with a hint naming the flag', async () => {
    const r = await run(['validate', big]);
    expect(r.code).toBe(2);
    expect(errLines(r.err)).toEqual([expect.stringMatching(/big\.yaml:1:1: error: is larger than 5 MB \(the limit\) \(raise the limit with --max-model-size <MB>\)$/)]);
  });
  it('accepts it with --max-model-size 8 (validate and assess)', async () => {
    const v = await run(['validate', big, '--max-model-size', '8']);
    expect(v.code, v.err).toBe(0);
    expect(v.out).toMatch(/big\.yaml: valid/);
    const a = await run(['assess', big, '--max-model-size', '8', '--format', 'json', '-o', join(dir, 'big-out')]);
    expect(a.code, a.err).toBe(0);
    expect(existsSync(join(dir, 'big-out', 'big.json'))).toBe(true);
  });
  it('rejects a limit that is not a positive number of megabytes, exit 2', async () => {
    const r = await run(['validate', big, '--max-model-size', 'lots']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--max-model-size.*expected a number of megabytes/);
  });
});
