// Finding and launching the browser that renders diagrams and prints PDFs: one per run, shared by
// every model. Puppeteer is imported lazily, so commands that need no browser never load it.
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer';
import { EnvironmentError } from '../model/diagnostics.js';

/** Where Chrome and Chromium usually live, after an explicit path and puppeteer's own download. */
export const SYSTEM_BROWSERS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export const INSTALL_HINT = 'install Chromium (Debian/Ubuntu: apt-get install chromium) or pass --browser <path> / set PUPPETEER_EXECUTABLE_PATH';

export interface BrowserLookup {
  /** --browser */
  option?: string;
  env?: NodeJS.ProcessEnv;
  /** Puppeteer's own browser (puppeteer.executablePath()); undefined when it has none. */
  puppeteerPath?: () => Promise<string | undefined>;
  candidates?: readonly string[];
  isExecutable?: (file: string) => boolean;
}

export type BrowserSource = 'option' | 'env' | 'puppeteer' | 'system';

export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function puppeteerOwnPath(): Promise<string | undefined> {
  try {
    const puppeteer = (await import('puppeteer')).default;
    return puppeteer.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * The browser to use: --browser, then PUPPETEER_EXECUTABLE_PATH, then puppeteer's own download when the
 * file exists, then the usual system paths. An explicit path that does not exist is an error, not a
 * reason to look elsewhere. Throws EnvironmentError (exit 3) with one line saying how to get one.
 */
export async function findBrowser(lookup: BrowserLookup = {}): Promise<{ path: string; source: BrowserSource }> {
  const env = lookup.env ?? process.env;
  const ok = lookup.isExecutable ?? isExecutableFile;
  if (lookup.option !== undefined) {
    if (ok(lookup.option)) return { path: lookup.option, source: 'option' };
    throw new EnvironmentError(`no browser at ${lookup.option} (--browser): ${INSTALL_HINT}`);
  }
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (ok(fromEnv)) return { path: fromEnv, source: 'env' };
    throw new EnvironmentError(`no browser at ${fromEnv} (PUPPETEER_EXECUTABLE_PATH): ${INSTALL_HINT}`);
  }
  const own = await (lookup.puppeteerPath ?? puppeteerOwnPath)();
  if (own && ok(own)) return { path: own, source: 'puppeteer' };
  for (const c of lookup.candidates ?? SYSTEM_BROWSERS) if (ok(c)) return { path: c, source: 'system' };
  throw new EnvironmentError(`no Chrome or Chromium found: ${INSTALL_HINT}`);
}

/**
 * Set to 1 where the process is itself the sandbox and Chromium's own cannot start: the container image
 * (Docker's default seccomp profile refuses the user namespaces Chromium's sandbox needs).
 */
export const NO_SANDBOX_ENV = 'IOTSEC_CHROMIUM_NO_SANDBOX';

/** Flags for a headless, quiet, offline-minded browser; --no-sandbox only as root or when NO_SANDBOX_ENV says so. */
export function browserArgs(isRoot: boolean = process.getuid?.() === 0, env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    ...(isRoot || env[NO_SANDBOX_ENV] === '1' ? ['--no-sandbox'] : []),
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-gpu',
    '--disable-extensions',
    '--disable-default-apps',
    '--mute-audio',
    // Belt and braces behind request interception: no host name resolves.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost',
  ];
}

/** How long a browser may take from its start to answering; one that starts but never answers is killed. */
export const LAUNCH_TIMEOUT_MS = 30_000;
/** A launch is given at least this long, however short --browser-timeout is. */
export const MIN_LAUNCH_TIMEOUT_MS = 5_000;

/** The launch's time limit for a run whose attempts may take `attemptMs` (--browser-timeout): never longer than that, nor than LAUNCH_TIMEOUT_MS. */
export function launchTimeoutMs(attemptMs?: number): number {
  return attemptMs === undefined ? LAUNCH_TIMEOUT_MS : Math.min(LAUNCH_TIMEOUT_MS, Math.max(MIN_LAUNCH_TIMEOUT_MS, attemptMs));
}

/**
 * Starts the browser. Signals are left to the caller (the CLI closes the browser and stops the run):
 * puppeteer's own handlers would close the browser under a run that carries on. Should the process
 * die without closing it, the browser still exits, as its control pipe closes. With `workDir`, the
 * browser's profile and its temporary files go there (its TMPDIR), for the caller to remove: a
 * browser that crashed cleans up nothing.
 *
 * Puppeteer's protocol timeout is off (its fixed 180 s would fail a long print): the caller bounds
 * every call. The launch itself is bounded here, by `timeoutMs`.
 */
export async function launchBrowser(executablePath: string, workDir?: string, timeoutMs: number = LAUNCH_TIMEOUT_MS): Promise<Browser> {
  const puppeteer = (await import('puppeteer')).default;
  if (workDir !== undefined) mkdirSync(join(workDir, 'profile'), { recursive: true });
  const launching = puppeteer.launch({
    executablePath,
    ...(workDir !== undefined ? { userDataDir: join(workDir, 'profile'), env: { ...process.env, TMPDIR: workDir } } : {}),
    headless: true,
    pipe: true,
    args: browserArgs(),
    defaultViewport: { width: 1200, height: 900 },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    protocolTimeout: 0,
    timeout: timeoutMs,
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  try {
    const first = await Promise.race([launching, late]);
    if (first !== 'late') return first;
  } catch (err) {
    const line = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new EnvironmentError(`cannot start the browser at ${executablePath}: ${line}`);
  } finally {
    clearTimeout(timer);
  }
  // Puppeteer does not hand out the process before the launch completes: find it by its profile
  // folder (unique to this launch), and close whatever the launch may still return.
  if (workDir !== undefined) killBrowsersUsing(join(workDir, 'profile'));
  void launching.then((b) => b.close(), () => undefined);
  throw new EnvironmentError(`cannot start the browser at ${executablePath}: it did not answer within ${timeoutMs / 1000} s`);
}

/**
 * SIGKILL to the process group of every process started with `--user-data-dir=<profileDir>` (Linux,
 * from /proc; elsewhere nothing). The folder is this launch's own, so nothing else matches.
 */
export function killBrowsersUsing(profileDir: string): void {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return;
  }
  const flag = `--user-data-dir=${profileDir}`;
  for (const pid of pids) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!args.includes(flag)) continue;
    for (const target of [-Number(pid), Number(pid)]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // not a group leader, or gone already
      }
    }
  }
}
