// A rendering session: one browser for a whole run (many models), its pages, and the request guard.
// Every request a page makes is either answered in-process from an allowlisted local file, or
// aborted and counted: a report never reaches the network. Interception is cooperative (puppeteer's
// priorities), so it can share pages with other handlers.
//
// The browser can die under a run (crash, out-of-memory kill): ensureAlive() starts a new one, and
// the session's `generation` tells page holders that their pages belong to a browser that is gone.
// A page whose renderer crashes is closed at once, so calls waiting on it fail instead of hanging
// until the protocol timeout.
import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer';
import { LAUNCH_TIMEOUT_MS, launchBrowser } from './browser.js';

/** Answers a URL from local data, or undefined to block it. */
export type LocalServer = (url: string) => { contentType: string; body: Uint8Array | string } | undefined;

export interface NetworkLog {
  /** URLs blocked: anything that would have left the process. */
  blocked: string[];
  /** Requests answered in-process (the diagram page's own scripts). */
  local: number;
}

/** Thrown by ensureAlive() once the session is closed (end of run, or a signal): nothing is relaunched. */
export class SessionClosedError extends Error {
  override name = 'SessionClosedError';
  constructor() {
    super('the browser session is closed');
  }
}

/**
 * Registers something the caller must release should the run stop (a signal) or the process exit
 * without closing it; returns the function that unregisters it. The CLI's Stopper is one.
 */
export type Track = (resource: { close(): Promise<void>; abandon(): void }) => () => void;

/** How long closing a page or the browser may take before its process is killed. */
const CLOSE_GRACE_MS = 5_000;

/** Resolves when `p` settles or after `ms`, whichever comes first; true when `p` settled in time. */
export async function settledWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class RenderSession {
  readonly network: NetworkLog = { blocked: [], local: 0 };
  private readonly printPages = new Map<number, Promise<Page>>();
  private closed = false;
  private current: Browser;
  private generationNo = 0;
  private relaunching: Promise<void> | undefined;
  /**
   * The browser's own first tab, until a page takes it: its renderer starts with the browser, so the
   * first shared page costs no new renderer process (≈ 0.1–0.2 s at the start of every run).
   */
  private firstTab: Browser | undefined;

  private constructor(
    browser: Browser,
    readonly executablePath: string,
    /** The session's folder: each browser's profile and temporary files, removed on close. */
    private readonly workDir: string,
    private readonly untrack: () => void,
    /** How long a (re)launch may take before the browser is given up on. */
    private readonly launchTimeoutMs: number,
  ) {
    this.current = browser;
    this.firstTab = browser;
  }

  /**
   * Launches the browser in a new session folder. With `track`, the session is registered from before
   * the launch until close(): a stop during the launch waits for it (launches are time-limited) and
   * closes what it started; abandoning kills the browser and removes the folder at once.
   */
  static async open(executablePath: string, track?: Track, launchTimeoutMs: number = LAUNCH_TIMEOUT_MS): Promise<RenderSession> {
    const workDir = mkdtempSync(join(tmpdir(), 'iotsec-browser-'));
    const removeDir = () => rmSync(workDir, { recursive: true, force: true, maxRetries: 3 });
    let session: RenderSession | undefined;
    let stopping = false;
    let opening: Promise<unknown> = Promise.resolve();
    const untrack =
      track?.({
        close: async () => {
          stopping = true;
          await opening.catch(() => undefined);
          await session?.close();
          removeDir();
        },
        abandon: () => {
          if (session) session.abandon();
          else removeDir();
        },
      }) ?? (() => undefined);
    const launch = launchBrowser(executablePath, join(workDir, '0'), launchTimeoutMs);
    opening = launch;
    try {
      session = new RenderSession(await launch, executablePath, workDir, untrack, launchTimeoutMs);
    } catch (err) {
      untrack();
      removeDir();
      throw err;
    }
    if (stopping) {
      await session.close();
      throw new SessionClosedError();
    }
    return session;
  }

  /** The browser now running (a new one after ensureAlive() replaced a dead one). */
  get browser(): Browser {
    return this.current;
  }

  /** Counts browser launches after the first: pages made before a change belong to a dead browser. */
  get generation(): number {
    return this.generationNo;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Whether the browser process is still connected. */
  get connected(): boolean {
    return this.current.connected;
  }

  /**
   * Makes sure a browser runs: when the current one is gone, launches a new one (once, however many
   * callers ask at the same time) and forgets the print pages of the old one. Throws
   * SessionClosedError after close(), EnvironmentError when the browser cannot be started again.
   */
  async ensureAlive(): Promise<void> {
    if (this.closed) throw new SessionClosedError();
    if (this.current.connected) return;
    this.relaunching ??= (async () => {
      this.killProcess(this.current);
      this.printPages.clear();
      const next = await launchBrowser(this.executablePath, join(this.workDir, String(this.generationNo + 1)), this.launchTimeoutMs);
      if (this.closed) {
        await next.close().catch(() => undefined);
        throw new SessionClosedError();
      }
      this.current = next;
      this.firstTab = next;
      this.generationNo++;
    })().finally(() => {
      this.relaunching = undefined;
    });
    await this.relaunching;
  }

  async version(): Promise<string> {
    return this.current.version();
  }

  /** A new page whose every request goes through the guard; `isolated` puts it in its own browser context (its own renderer process). */
  async guardedPage(serve?: LocalServer, isolated = false): Promise<Page> {
    const browser = this.current;
    const page = isolated ? await (await browser.createBrowserContext()).newPage() : await this.sharedPage(browser);
    // A crashed renderer never answers: close the page so that whatever waits on it fails now.
    page.once('error', () => void page.close().catch(() => undefined));
    // Puppeteer's fixed 30 s limits would fail a large but legitimate report: each attempt has its
    // own limit (Reporter), scaled with the document, and everything else here is bounded.
    page.setDefaultTimeout(0);
    page.setDefaultNavigationTimeout(0);
    await page.setRequestInterception(true);
    page.on('request', (req: HTTPRequest) => {
      if (req.isInterceptResolutionHandled()) return;
      const url = req.url();
      if (url.startsWith('data:')) return void req.continue(undefined, 0);
      const local = serve?.(url);
      if (local) {
        this.network.local++;
        return void req.respond({ status: 200, contentType: local.contentType, headers: { 'Access-Control-Allow-Origin': '*' }, body: local.body }, 0);
      }
      this.network.blocked.push(url);
      // A navigation of the page itself (a template's meta refresh) is answered "204 No Content",
      // which cancels it and keeps the report loaded; aborting it would load an error page instead.
      if (req.isNavigationRequest() && req.frame() === page.mainFrame()) return void req.respond({ status: 204, body: '' }, 0);
      return void req.abort('blockedbyclient', 0);
    });
    return page;
  }

  /** A new page in the browser's default context: its first tab when no page has taken it yet. */
  private async sharedPage(browser: Browser): Promise<Page> {
    if (this.firstTab === browser) {
      this.firstTab = undefined;
      const tab = (await browser.pages()).find((p) => p.url() === 'about:blank');
      if (tab) return tab;
    }
    return browser.newPage();
  }

  /**
   * Print page number `slot`: scripts off, nothing served, reused for every report of the run. Each
   * slot has its own browser context, so two slots print in parallel (measured: 1.6× on 2 cores).
   */
  printPage(slot = 0): Promise<Page> {
    let p = this.printPages.get(slot);
    if (!p) {
      const made = (async () => {
        const page = await this.guardedPage(undefined, true);
        await page.setJavaScriptEnabled(false);
        return page;
      })();
      // A page that could not be made is not kept: the next print tries again.
      made.catch(() => {
        if (this.printPages.get(slot) === made) this.printPages.delete(slot);
      });
      this.printPages.set(slot, made);
      p = made;
    }
    return p;
  }

  /** Closes print page `slot` (and its context), if any; the next print on that slot opens a fresh one. */
  async discardPrintPage(slot: number): Promise<void> {
    const p = this.printPages.get(slot);
    if (!p) return;
    this.printPages.delete(slot);
    await closePage(p, true);
  }

  /** Kills the browser's processes (a browser that no longer answers); ensureAlive() starts a new one. */
  async kill(): Promise<void> {
    const browser = this.current;
    const gone = new Promise<void>((resolve) => (browser.connected ? browser.once('disconnected', () => resolve()) : resolve()));
    this.killProcess(browser);
    await settledWithin(gone, CLOSE_GRACE_MS);
  }

  /** SIGKILL to the browser's process group (puppeteer starts it as a group leader), else to the process. */
  private killProcess(browser: Browser): void {
    const proc = browser.process();
    if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
    try {
      if (process.platform !== 'win32') process.kill(-proc.pid, 'SIGKILL');
      else proc.kill('SIGKILL');
    } catch {
      try {
        proc.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /**
   * Ends the browser (no relaunch after this) and removes its profile. It is killed rather than asked
   * to close: nothing of its profile is kept, and a graceful close took ≈ 0.3 s at the end of every run.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.relaunching?.catch(() => undefined);
    const browser = this.current;
    const proc = browser.process();
    const exited = new Promise((resolve) => (!proc || proc.exitCode !== null || proc.signalCode !== null ? resolve(undefined) : proc.once('exit', resolve)));
    this.killProcess(browser);
    if (!proc) await settledWithin(browser.close(), CLOSE_GRACE_MS);
    await settledWithin(exited, CLOSE_GRACE_MS);
    // Asynchronous: its removals overlap (≈ 30 ms for the profile's ~180 files, against ≈ 200 ms one by one).
    await rm(this.workDir, { recursive: true, force: true, maxRetries: 3 });
    this.untrack();
  }

  /** On the way out, synchronously: kills the browser and removes the session's folder. */
  abandon(): void {
    this.closed = true;
    this.killProcess(this.current);
    rmSync(this.workDir, { recursive: true, force: true, maxRetries: 3 });
    this.untrack();
  }
}

/** Closes a page (and its browser context when `context`), giving up after the grace period. */
export async function closePage(p: Promise<Page>, context = false): Promise<void> {
  await settledWithin(
    p.then((page) => (context ? page.browserContext().close() : page.close())),
    CLOSE_GRACE_MS,
  );
}
