// A rendering session: one browser for a whole run (many models), its pages, and the request guard.
// Every request a page makes is either answered in-process from an allowlisted local file, or
// aborted and counted: a report never reaches the network. Interception is cooperative (puppeteer's
// priorities), so it can share pages with other handlers.
import type { Browser, HTTPRequest, Page } from 'puppeteer';
import { launchBrowser } from './browser.js';

/** Answers a URL from local data, or undefined to block it. */
export type LocalServer = (url: string) => { contentType: string; body: Uint8Array | string } | undefined;

export interface NetworkLog {
  /** URLs blocked: anything that would have left the process. */
  blocked: string[];
  /** Requests answered in-process (the diagram page's own scripts). */
  local: number;
}

export class RenderSession {
  readonly network: NetworkLog = { blocked: [], local: 0 };
  private readonly printPages = new Map<number, Promise<Page>>();
  private closed = false;

  private constructor(
    readonly browser: Browser,
    readonly executablePath: string,
  ) {}

  static async open(executablePath: string): Promise<RenderSession> {
    return new RenderSession(await launchBrowser(executablePath), executablePath);
  }

  async version(): Promise<string> {
    return this.browser.version();
  }

  /** A new page whose every request goes through the guard; `isolated` puts it in its own browser context (its own renderer process). */
  async guardedPage(serve?: LocalServer, isolated = false): Promise<Page> {
    const page = isolated ? await (await this.browser.createBrowserContext()).newPage() : await this.browser.newPage();
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
      return void req.abort('blockedbyclient', 0);
    });
    return page;
  }

  /**
   * Print page number `slot`: scripts off, nothing served, reused for every report of the run. Each
   * slot has its own browser context, so two slots print in parallel (measured: 1.6× on 2 cores).
   */
  printPage(slot = 0): Promise<Page> {
    let p = this.printPages.get(slot);
    if (!p) {
      p = (async () => {
        const page = await this.guardedPage(undefined, true);
        await page.setJavaScriptEnabled(false);
        return page;
      })();
      this.printPages.set(slot, p);
    }
    return p;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.browser.close().catch(() => undefined);
  }
}
