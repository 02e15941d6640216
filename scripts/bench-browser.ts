/**
 * Browser-side half of `npm run bench`: what each read step costs the browser, measured in Debian's Chromium.
 *
 * Bytes are what Chromium itself reports via the DevTools protocol (`Network.loadingFinished.encodedDataLength`:
 * bytes received on the wire for that request, headers included, after whatever Content-Encoding the server
 * chose for the browser's own Accept-Encoding; for a request that ends in `Network.loadingFailed` after its
 * response, as the sign-in's server-action POST often does once its body has arrived, the headers plus every
 * `Network.dataReceived` chunk, or plus the page's Resource Timing `encodedBodySize` when that is more).
 * Nothing is re-requested from Node, so nothing is faked.
 *
 * Per step:
 * - COLD: a new browser context (empty HTTP cache) and one navigation;
 * - WARM: the same navigation again in the same context, so hashed static assets may come from the cache;
 *   requests served from the cache are counted apart, and any static asset fetched over the network again is listed;
 * - time to readable, "content readable": milliseconds from navigation start to
 *   max(`responseEnd` of every render-blocking stylesheet, the first animation frame after the HTML parser has
 *   inserted everything up to the end of `<main id="main">`), found by a bench-only init script
 *   (CONTENT_READABLE_INIT; DOMContentLoaded if nothing follows main). That is when the page's text can be on
 *   screen without any script. What follows main in Feather's HTML is Next.js's scripts and the hydration data
 *   it appends (inline `self.__next_f.push` scripts), which are not reading content, so the HTML's own
 *   `responseEnd` ("HTML end": the HTML complete, hydration data included) can come well after it; both are
 *   recorded, with the HTML's first byte, the time the first and the last script finished downloading (to tell
 *   whether the page was readable before any script arrived), and first and largest contentful paint (FCP, LCP;
 *   paints as the browser reports them, a check on the figure);
 * - IMAP bytes and commands between the app and Dovecot (the counting proxy, reset before the step);
 * - the same steps under an emulated slow link (300 ms latency, 56 kbit/s each way): cold, then warm (again in the
 *   same context, the static assets cached).
 * With `view: 'basic'` the browser has chosen Basic HTML (the view cookie), so every page comes without scripts.
 */
import zlib from 'node:zlib';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../rig/chromium';
import { VIEW_COOKIE } from '../lib/view.mjs';
import type { CountingProxy } from '../rig/imap-proxy';

/** The slow link: a 56k modem with 300 ms latency (throughputs are bytes per second). */
export const SLOW_LINK = { offline: false, latency: 300, downloadThroughput: 56_000 / 8, uploadThroughput: 56_000 / 8 };
const SLOW_TIMEOUT_MS = 300_000;
const FAST_TIMEOUT_MS = 60_000;

export type Kind = 'html' | 'css' | 'js' | 'other';
export type Bytes = Record<Kind | 'total', number>;

export interface RequestRecord {
  url: string;
  /** DevTools resource type: Document, Stylesheet, Script, Fetch, Image, Font, … */
  type: string;
  kind: Kind;
  status: number;
  /** Bytes on the wire (headers + compressed body), redirects included. */
  bytes: number;
  /** Body bytes after decompression. */
  decodedBytes: number;
  fromCache: boolean;
  contentEncoding: string;
  /**
   * Set when Chromium reported `Network.loadingFailed` instead of `loadingFinished` (e.g. `net::ERR_ABORTED`,
   * canceled). Its `bytes` are then what is known to have arrived (see `failedBytesFrom`).
   */
  failed?: string;
  /**
   * For a failed request: 'chunks' = the response headers plus the `encodedDataLength` of every
   * `Network.dataReceived` chunk; 'resource-timing' = the response headers plus the page's Resource Timing
   * `encodedBodySize`, used when larger (the chunk events can trail the data and be dropped at the cancel, while
   * Resource Timing has the whole body; it leaves out HTTP/1.1 chunk framing, a few bytes a chunk).
   */
  failedBytesFrom?: 'chunks' | 'resource-timing';
}

/**
 * How "content readable" was found on one page load (see CONTENT_READABLE_INIT). Milliseconds from navigation start.
 */
export interface ContentReadable {
  /**
   * 'after-main': the parser inserted a node after the end of `<main id="main">` (the normal case);
   * 'domcontentloaded': it never did (no such element, or nothing after it), so DOMContentLoaded was used;
   * 'none': the init script left no record (then readableMs falls back to max(HTML, CSS responseEnd)).
   */
  via: 'after-main' | 'domcontentloaded' | 'none';
  /** When the parser had inserted the first node after `<main id="main">`, i.e. all of main was in the DOM. */
  parserPastMainMs: number | null;
  /** The next requestAnimationFrame after that: the first moment the browser could paint it. */
  paintOpportunityMs: number | null;
  /** The node that showed the parser was past main (nodeName, e.g. `#comment`), for checking. */
  nodeAfterMain: string | null;
  /** When the first inline `self.__next_f` script (Next.js's hydration data) was inserted, for comparison. */
  hydrationDataStartMs: number | null;
}

export interface Timing {
  /** 'navigation-timing' for page loads; 'wall-clock' (click → message list visible) for the sign-in post. */
  method: 'navigation-timing' | 'wall-clock';
  /**
   * The headline figure. Page loads: content readable = max(responseEnd of every render-blocking stylesheet,
   * content.paintOpportunityMs). Sign-in post: wall-clock ms from the click until the message list is visible.
   */
  readableMs: number;
  content: ContentReadable | null;
  /** The HTML's first byte (Navigation Timing responseStart). */
  htmlStartMs: number | null;
  /** The HTML complete, including the hydration data Next.js appends after the content (responseEnd). */
  htmlEndMs: number | null;
  cssEndMs: number | null;
  firstScriptEndMs: number | null;
  lastScriptEndMs: number | null;
  firstContentfulPaintMs: number | null;
  /** Largest Contentful Paint: the main content painted (it can come before the HTML's tail has arrived). */
  largestContentfulPaintMs: number | null;
}

export interface DocumentInfo {
  url: string;
  acceptEncoding: string;
  contentEncoding: string;
  wireBytes: number;
  decodedBytes: number;
  /** Inline `self.__next_f.push(…)` scripts (the RSC payload Next.js streams into the HTML), uncompressed. */
  rscPayloadBytes: number;
  /** Estimated wire share of that payload: compressed(HTML) − compressed(HTML without those scripts), same encoding. */
  rscPayloadWireEstimate: number;
  /** Other inline scripts, uncompressed. */
  otherInlineScriptBytes: number;
  /** Rows of the message table, when the page has one. */
  messageRows: number | null;
  /** UTF-8 bytes of the shown message text (section "Message body"), when the page has one. */
  messageTextBytes: number | null;
}

export interface ImapCost {
  bytesFromServer: number;
  bytesToServer: number;
  commands: string[];
}

export interface Visit {
  bytes: Bytes;
  requests: number;
  fromCache: number;
  /** Same-origin static assets (not the page, not RSC/action fetches, not mail parts) fetched over the network. */
  staticFetched: string[];
  /** Render-blocking CSS + HTML on the wire: what must arrive before the page is readable. */
  bytesBeforeReadable: number;
  timing: Timing;
  imap: ImapCost;
  document: DocumentInfo | null;
  requestList: RequestRecord[];
}

export interface StepResult {
  key: string;
  name: string;
  url: string | null;
  note?: string;
  cold: Visit | null;
  warm: Visit | null;
  slow: Visit | null;
  /** The slow link again in the same context: static assets cached. */
  slowWarm?: Visit | null;
}

export interface BrowserBenchResult {
  chromium: string;
  view: 'standard' | 'basic';
  steps: StepResult[];
  /** Sign-in page, then the sign-in post landing on the inbox, in one fresh context. */
  firstVisit: { bytes: Bytes; requests: number };
}

export interface BrowserBenchOptions {
  baseUrl: string;
  proxy: CountingProxy;
  user: string;
  password: string;
  /** Subjects of the messages to open (links on INBOX page 1). */
  subjects: { text: string; largeAttachment: string; newsletter: string };
  /** The search step: this term typed into INBOX page 1's "Search" field, as the form sends it (message text included by default). */
  searchTerm: string;
  bigFolder: string;
  /** 'basic': the browser has chosen Basic HTML (the view cookie), so the pages come without scripts. */
  view?: 'standard' | 'basic';
  log: (line: string) => void;
}

// ----------------------------------------------------------------------------------------- network recording

interface Tracked extends RequestRecord {
  done: boolean;
  /** Wire bytes received so far for the current response: headers, then each data chunk. */
  received: number;
  /** The current response's header bytes. */
  headerBytes: number;
}

/** Collects one visit's requests from the DevTools protocol of one page. */
class NetRecorder {
  private reqs = new Map<string, Tracked>();
  private acceptEncoding = new Map<string, string>();
  private docRequestId: string | null = null;
  /** Date.now() of the last request started, finished or failed. */
  private lastActivity = 0;

  constructor(private readonly cdp: CDPSession, private readonly origin: string) {
    cdp.on('Network.requestWillBeSent', (e) => {
      this.lastActivity = Date.now();
      const prev = this.reqs.get(e.requestId);
      // A redirect reuses the request id: keep the redirect response's bytes, follow the new URL.
      const redirectBytes = prev && e.redirectResponse ? prev.bytes + e.redirectResponse.encodedDataLength : 0;
      const type = e.type ?? 'Other';
      // The live-updates stream is not part of what a page costs to show (it opens after the page and stays);
      // its few bytes a change are not counted here.
      if (type === 'EventSource') return;
      this.reqs.set(e.requestId, {
        url: e.request.url,
        type,
        kind: kindOf(type),
        status: 0,
        bytes: redirectBytes,
        decodedBytes: 0,
        fromCache: false,
        contentEncoding: '',
        done: false,
        received: 0,
        headerBytes: 0,
      });
      if (type === 'Document') this.docRequestId = e.requestId;
    });
    // The headers Chromium really sent (Accept-Encoding is added below the renderer).
    cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
      const h = Object.entries(e.headers).find(([k]) => k.toLowerCase() === 'accept-encoding');
      if (h) this.acceptEncoding.set(e.requestId, String(h[1]));
    });
    cdp.on('Network.requestServedFromCache', (e) => {
      const r = this.reqs.get(e.requestId);
      if (r) r.fromCache = true;
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = this.reqs.get(e.requestId);
      if (!r) return;
      r.status = e.response.status;
      if (e.response.fromDiskCache || e.response.fromPrefetchCache || e.response.fromServiceWorker) r.fromCache = true;
      const enc = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding');
      r.contentEncoding = enc ? String(enc[1]) : 'identity';
      // "Total number of bytes received for this request so far": the response headers at this point.
      r.received = e.response.encodedDataLength;
      r.headerBytes = e.response.encodedDataLength;
    });
    cdp.on('Network.dataReceived', (e) => {
      const r = this.reqs.get(e.requestId);
      if (!r) return;
      r.decodedBytes += e.dataLength;
      r.received += e.encodedDataLength;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = this.reqs.get(e.requestId);
      if (!r) return;
      r.bytes += e.encodedDataLength;
      r.done = true;
      this.lastActivity = Date.now();
    });
    // A request can end in loadingFailed after its whole body arrived: the server-action POST of the sign-in
    // does in about half the runs (net::ERR_ABORTED, canceled), with its full decoded size received and a
    // complete Resource Timing entry in the page; no script cancels it (wrapping ReadableStream and reader
    // cancel() and AbortController.abort() in the page saw no call), so it is Chromium's loader racing its own
    // completion. Counting only loadingFinished made that response 7 KB in one run and 0 B in the next. Count
    // what arrived: the headers and every chunk; completeFailed() below fills in from Resource Timing when the
    // chunk events fell short.
    cdp.on('Network.loadingFailed', (e) => {
      const r = this.reqs.get(e.requestId);
      if (!r) return;
      r.failed = e.errorText + (e.canceled ? ' (canceled)' : '');
      r.failedBytesFrom = 'chunks';
      r.bytes += r.received;
      r.done = true;
      this.lastActivity = Date.now();
    });
  }

  reset(): void {
    this.reqs.clear();
    this.acceptEncoding.clear();
    this.docRequestId = null;
  }

  /**
   * Wait until every request seen so far has finished or failed and none has started or ended for `quietMs`
   * (events trail the page's load state a little; and a client-side navigation, as after the sign-in post,
   * has no load state of its own to wait for).
   */
  async settle(quietMs = 500, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const busy = () => [...this.reqs.values()].some((r) => !r.done) || Date.now() - this.lastActivity < quietMs;
    while (busy() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }

  /**
   * For requests that ended in loadingFailed after a response: the chunk events can trail the data and the
   * ones still in flight at the cancel are dropped, so the chunk sum can fall short (by up to ~0.8 KB of the
   * 7 KB sign-in post, seen). The page's Resource Timing entry has the body's encoded size all the same; when it
   * gives more, count headers + that. Only entries of this URL started at or after `sinceMs` (page clock), and
   * only when there is exactly one, so a request is never matched with another one's entry.
   */
  async completeFailed(page: Page, sinceMs: number): Promise<void> {
    const failed = [...this.reqs.values()].filter((r) => r.failed && r.status > 0);
    if (failed.length === 0) return;
    const entries = (await page.evaluate(
      `performance.getEntriesByType('resource').filter((e) => e.startTime >= ${sinceMs}).map((e) => ({ name: e.name, encodedBodySize: e.encodedBodySize }))`,
    )) as Array<{ name: string; encodedBodySize: number }>;
    for (const r of failed) {
      const mine = entries.filter((e) => e.name === r.url);
      if (mine.length !== 1 || mine[0].encodedBodySize <= 0) continue;
      const fromTiming = r.bytes - r.received + r.headerBytes + mine[0].encodedBodySize;
      if (fromTiming > r.bytes) {
        r.bytes = fromTiming;
        r.failedBytesFrom = 'resource-timing';
      }
    }
  }

  records(): RequestRecord[] {
    return [...this.reqs.values()].map(publicRecord);
  }

  /** The last top-level document of this visit, with its body (for the RSC-payload split). */
  async document(): Promise<{ record: RequestRecord; acceptEncoding: string; body: string | null } | null> {
    const id = this.docRequestId;
    const r = id ? this.reqs.get(id) : undefined;
    if (!id || !r) return null;
    let body: string | null = null;
    try {
      const res = await this.cdp.send('Network.getResponseBody', { requestId: id });
      body = res.base64Encoded ? Buffer.from(res.body, 'base64').toString('utf8') : res.body;
    } catch {
      // body no longer available (e.g. a redirect without body)
    }
    return { record: publicRecord(r), acceptEncoding: this.acceptEncoding.get(id) ?? '', body };
  }

  isSameOrigin(url: string): boolean {
    return url.startsWith(this.origin + '/');
  }
}

/** A tracked request without the recorder's own bookkeeping. */
function publicRecord(t: Tracked): RequestRecord {
  const { done, received, headerBytes, ...r } = t;
  void done;
  void received;
  void headerBytes;
  return r;
}

function kindOf(type: string): Kind {
  if (type === 'Document') return 'html';
  if (type === 'Stylesheet') return 'css';
  if (type === 'Script') return 'js';
  return 'other';
}

function sumBytes(reqs: RequestRecord[]): Bytes {
  const b: Bytes = { html: 0, css: 0, js: 0, other: 0, total: 0 };
  for (const r of reqs) {
    b[r.kind] += r.bytes;
    b.total += r.bytes;
  }
  return b;
}

// ----------------------------------------------------------------------------------------- in-page timing

/**
 * Bench-only init script (added to every browser context, run in each new document before any of the page's
 * own; the app is not changed). It records when the page's content could first be painted:
 *
 * - a MutationObserver on the whole document notes performance.now() the first time a node is inserted that
 *   comes after `<main id="main">` in document order and is not inside it. The parser inserts nodes in
 *   document order, so at that moment all of main, and everything before it (skip link, header, folder list),
 *   is in the DOM. On Feather's pages the next nodes are an empty Suspense marker (`<!--$-->`), then Next.js's
 *   scripts and its hydration data (inline `self.__next_f.push` scripts, tens of KB raw) up to `</body>`:
 *   scripts, not reading content. Mutation callbacks run at the next microtask checkpoint, which the parser
 *   reaches before it runs any inline script, so the time is not held back by the scripts that follow;
 * - then it takes performance.now() in the next requestAnimationFrame: the first frame in which the browser
 *   could paint that content (Chromium runs no frame while a render-blocking stylesheet is still loading);
 * - if no node ever follows main (or there is no main), DOMContentLoaded stands in for "parser past main".
 *
 * It also notes when the first `self.__next_f` script was inserted, to check the order. Read as a string for
 * the same reason as TIMING_SCRIPT below.
 */
const CONTENT_READABLE_INIT = `(() => {
  if (window.top !== window) return;
  const r = { via: null, parserPastMainMs: null, paintOpportunityMs: null, nodeAfterMain: null, hydrationDataStartMs: null };
  Object.defineProperty(window, '__benchContentReadable', { value: r });
  const FOLLOWING = 4, CONTAINED_BY = 16;
  let main = null;
  const isHydrationData = (n) => {
    const s = n.nodeName === 'SCRIPT' ? n : (n.nodeType === 3 && n.parentNode && n.parentNode.nodeName === 'SCRIPT' ? n.parentNode : null);
    return s !== null && !s.src && (s.textContent || '').includes('self.__next_f');
  };
  const passed = (via, at, node) => {
    if (r.via) return;
    r.via = via;
    r.parserPastMainMs = at;
    r.nodeAfterMain = node;
    requestAnimationFrame(() => { r.paintOpportunityMs = performance.now(); });
  };
  const observer = new MutationObserver((records) => {
    const now = performance.now();
    for (const rec of records) for (const n of rec.addedNodes) {
      if (r.hydrationDataStartMs === null && isHydrationData(n)) r.hydrationDataStartMs = now;
      if (r.via) continue;
      if (!main) main = document.querySelector('main#main');
      if (!main || n === main) continue;
      const pos = main.compareDocumentPosition(n);
      if ((pos & FOLLOWING) && !(pos & CONTAINED_BY)) passed('after-main', now, n.nodeName);
    }
    if (r.via && r.hydrationDataStartMs !== null) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', () => passed('domcontentloaded', performance.now(), null), { once: true });
})()`;

/**
 * Read as a string, not a function: tsx/esbuild may wrap functions with helpers (`__name`) that do not exist
 * in the page. Times are milliseconds from navigation start.
 */
const TIMING_SCRIPT = `(async () => {
  // Largest Contentful Paint: when the page's main content was painted (entries are only buffered for observers).
  const lcp = await new Promise((resolve) => {
    try {
      new PerformanceObserver((list) => { const all = list.getEntries(); resolve(all.length ? all[all.length - 1].startTime : null); })
        .observe({ type: 'largest-contentful-paint', buffered: true });
      setTimeout(() => resolve(null), 1000);
    } catch { resolve(null); }
  });
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const content = window.__benchContentReadable || null;
  const path = (u) => { try { return new URL(u).pathname; } catch { return u; } };
  const css = res.filter((r) => /\\.css$/.test(path(r.name)) && r.renderBlockingStatus !== 'non-blocking');
  const scripts = res.filter((r) => /\\.m?js$/.test(path(r.name)));
  const ends = (list) => list.map((r) => r.responseEnd);
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    content: content ? { via: content.via, parserPastMainMs: content.parserPastMainMs, paintOpportunityMs: content.paintOpportunityMs, nodeAfterMain: content.nodeAfterMain, hydrationDataStartMs: content.hydrationDataStartMs } : null,
    htmlStartMs: nav ? nav.responseStart : null,
    htmlEndMs: nav ? nav.responseEnd : null,
    cssEndMs: css.length ? Math.max(...ends(css)) : null,
    cssUrls: css.map((r) => r.name),
    firstScriptEndMs: scripts.length ? Math.min(...ends(scripts)) : null,
    lastScriptEndMs: scripts.length ? Math.max(...ends(scripts)) : null,
    firstContentfulPaintMs: fcp ? fcp.startTime : null,
    largestContentfulPaintMs: lcp,
  };
})()`;

interface PageTiming {
  content: Omit<ContentReadable, 'via'> & { via: ContentReadable['via'] | null } | null;
  htmlStartMs: number | null;
  htmlEndMs: number | null;
  cssEndMs: number | null;
  cssUrls: string[];
  firstScriptEndMs: number | null;
  lastScriptEndMs: number | null;
  firstContentfulPaintMs: number | null;
  largestContentfulPaintMs: number | null;
}

// ----------------------------------------------------------------------------------------- one visit

interface Tab {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  rec: NetRecorder;
}

async function openTab(browser: Browser, baseUrl: string, opts: { storageState?: Awaited<ReturnType<BrowserContext['storageState']>>; slow: boolean; basic: boolean }): Promise<Tab> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState: opts.storageState });
  if (opts.basic) await chooseBasic(context, baseUrl);
  await context.addInitScript(CONTENT_READABLE_INIT);
  const page = await context.newPage();
  page.setDefaultTimeout(opts.slow ? SLOW_TIMEOUT_MS : FAST_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(opts.slow ? SLOW_TIMEOUT_MS : FAST_TIMEOUT_MS);
  const cdp = await context.newCDPSession(page);
  const rec = new NetRecorder(cdp, baseUrl);
  await cdp.send('Network.enable');
  if (opts.slow) await cdp.send('Network.emulateNetworkConditions', SLOW_LINK);
  return { context, page, cdp, rec };
}

/**
 * Basic HTML for this browser: the view cookie, as the sign-in page's "Basic HTML version" sets it. (Not
 * `Save-Data: on` as an extra header: Playwright leaves it off the request a redirect leads to, as after the sign-in
 * post, where a browser's data saver sends it on every request.)
 */
async function chooseBasic(context: BrowserContext, baseUrl: string): Promise<void> {
  await context.addCookies([{ name: VIEW_COOKIE, value: 'basic', url: baseUrl }]);
}

function startImap(proxy: CountingProxy): () => ImapCost {
  proxy.reset();
  return () => {
    const s = proxy.stats();
    return { bytesFromServer: s.bytesFromServer, bytesToServer: s.bytesToServer, commands: s.commands };
  };
}

async function describeDocument(tab: Tab): Promise<DocumentInfo | null> {
  const doc = await tab.rec.document();
  if (!doc) return null;
  let rscPayloadBytes = 0;
  let otherInlineScriptBytes = 0;
  let rscPayloadWireEstimate = 0;
  if (doc.body !== null) {
    const html = doc.body;
    let withoutRsc = html;
    for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
      const len = Buffer.byteLength(m[1]);
      if (m[1].includes('self.__next_f')) {
        rscPayloadBytes += len;
        withoutRsc = withoutRsc.replace(m[0], '');
      } else otherInlineScriptBytes += len;
    }
    // Compress both with the encoding the server used (default levels: an estimate, not the server's own output).
    const compress = (s: string): number => {
      const enc = doc.record.contentEncoding;
      if (enc.includes('br')) return zlib.brotliCompressSync(s).length;
      if (enc.includes('gzip')) return zlib.gzipSync(s).length;
      if (enc.includes('deflate')) return zlib.deflateSync(s).length;
      if (enc.includes('zstd') && 'zstdCompressSync' in zlib) return (zlib as unknown as { zstdCompressSync(s: string): Buffer }).zstdCompressSync(s).length;
      return Buffer.byteLength(s);
    };
    rscPayloadWireEstimate = compress(html) - compress(withoutRsc);
  }
  const rows = tab.page.locator('table[aria-label="Messages"] tbody tr');
  const body = tab.page.locator('section[aria-label="Message body"]');
  const messageRows = (await rows.count()) > 0 ? await rows.count() : null;
  const messageTextBytes = (await body.count()) > 0 ? Buffer.byteLength(await body.first().innerText()) : null;
  return {
    url: doc.record.url,
    acceptEncoding: doc.acceptEncoding,
    contentEncoding: doc.record.contentEncoding,
    wireBytes: doc.record.bytes,
    decodedBytes: doc.record.decodedBytes,
    rscPayloadBytes,
    rscPayloadWireEstimate,
    otherInlineScriptBytes,
    messageRows,
    messageTextBytes,
  };
}

function summarize(tab: Tab, timing: Timing, cssUrls: string[], imap: ImapCost, document: DocumentInfo | null): Visit {
  const reqs = tab.rec.records();
  const bytes = sumBytes(reqs);
  // Static assets: same-origin files that are not the page, not RSC/action fetches, and not mail content
  // (/mail/part, e.g. a newsletter's inline image, is no-store on purpose: the browser keeps no mail).
  const staticFetched = reqs
    .filter((r) => !r.fromCache && tab.rec.isSameOrigin(r.url) && !['Document', 'Fetch', 'XHR'].includes(r.type) && !new URL(r.url).pathname.startsWith('/mail/'))
    .map((r) => `${r.url.replace(/^https?:\/\/[^/]+/, '')} (${r.status}, ${r.bytes} B)`);
  const cssBytes = reqs.filter((r) => cssUrls.includes(r.url)).reduce((s, r) => s + r.bytes, 0);
  return {
    bytes,
    requests: reqs.length,
    fromCache: reqs.filter((r) => r.fromCache).length,
    staticFetched,
    bytesBeforeReadable: (document?.wireBytes ?? bytes.html) + cssBytes,
    timing,
    imap,
    document,
    requestList: reqs,
  };
}

/** Navigate and measure one page load in an open tab. */
async function visit(tab: Tab, url: string, proxy: CountingProxy): Promise<Visit> {
  tab.rec.reset();
  const imap = startImap(proxy);
  await tab.page.goto(url, { waitUntil: 'load' });
  await tab.page.waitForLoadState('networkidle');
  await tab.rec.settle();
  await tab.rec.completeFailed(tab.page, 0);
  const t = (await tab.page.evaluate(TIMING_SCRIPT)) as PageTiming;
  const c = t.content;
  const content: ContentReadable = c?.via
    ? { ...c, via: c.via }
    : { via: 'none', parserPastMainMs: null, paintOpportunityMs: null, nodeAfterMain: null, hydrationDataStartMs: c?.hydrationDataStartMs ?? null };
  // Without a record (never expected), fall back to the stricter HTML-complete figure rather than guess.
  const readable = Math.max(t.cssEndMs ?? 0, content.paintOpportunityMs ?? t.htmlEndMs ?? 0);
  const timing: Timing = {
    method: 'navigation-timing',
    readableMs: readable,
    content,
    htmlStartMs: t.htmlStartMs,
    htmlEndMs: t.htmlEndMs,
    cssEndMs: t.cssEndMs,
    firstScriptEndMs: t.firstScriptEndMs,
    lastScriptEndMs: t.lastScriptEndMs,
    firstContentfulPaintMs: t.firstContentfulPaintMs,
    largestContentfulPaintMs: t.largestContentfulPaintMs,
  };
  const document = await describeDocument(tab);
  return summarize(tab, timing, t.cssUrls, imap(), document);
}

/**
 * Submit the sign-in form on the already loaded /login page and measure until the message list is visible.
 * With JavaScript the form posts a server action and the app navigates client-side (no new document), so
 * navigation timing does not apply: the time is wall-clock from the click.
 */
async function submitSignIn(tab: Tab, user: string, password: string, proxy: CountingProxy): Promise<Visit> {
  await tab.page.getByLabel('Username').fill(user);
  await tab.page.getByLabel('Password').fill(password);
  tab.rec.reset();
  const imap = startImap(proxy);
  const since = (await tab.page.evaluate('performance.now()')) as number;
  const t0 = Date.now();
  await tab.page.getByRole('button', { name: 'Sign in' }).click();
  await tab.page.waitForURL((u) => u.pathname.startsWith('/mail'));
  await tab.page.getByRole('table', { name: 'Messages' }).waitFor({ state: 'visible' });
  const readableMs = Date.now() - t0;
  // No new document, so no load state to wait for: wait until the recorder has seen the network quiet.
  await tab.rec.settle();
  await tab.rec.completeFailed(tab.page, since);
  const timing: Timing = { method: 'wall-clock', readableMs, content: null, htmlStartMs: null, htmlEndMs: null, cssEndMs: null, firstScriptEndMs: null, lastScriptEndMs: null, firstContentfulPaintMs: null, largestContentfulPaintMs: null };
  // A full page load (JavaScript off, or a fallback) would leave a Document request; describe it if so.
  const document = tab.rec.records().some((r) => r.type === 'Document') ? await describeDocument(tab) : null;
  return summarize(tab, timing, [], imap(), document);
}

/**
 * On INBOX page 1 (already loaded in `page`): fill the text field labelled exactly "Search" (`name="q"`) with
 * `term`, click the button named exactly "Search", and wait for the result page. Returns its URL and a step name
 * with the number of matches as the result page shows them (its rows, when it is one page), or, when the page
 * has no such field (an app without search), no URL and a note.
 */
async function searchFromInbox(page: Page, term: string): Promise<{ name: string; url: string | null; note?: string }> {
  const field = page.locator('input[name="q"]').and(page.getByLabel('Search', { exact: true }));
  if ((await field.count()) === 0) return { name: `search "${term}" in INBOX`, url: null, note: 'n/a (no "Search" field on INBOX page 1)' };
  await field.fill(term);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('q') === term);
  await page.waitForLoadState('load');
  const rows = await page.locator('table[aria-label="Messages"] tbody tr').count();
  // "Page 1 of N" in the pager (the page may have one above and one below the list), when there is one.
  const pagers = page.getByRole('navigation', { name: 'Pages' });
  const pager = (await pagers.count()) > 0 ? await pagers.first().innerText() : '';
  const pages = Number(/of\s+(\d+)/.exec(pager)?.[1] ?? 1);
  const matches = pages <= 1 ? `${rows} match${rows === 1 ? '' : 'es'}` : `${pages} pages of matches`;
  return { name: `search "${term}" in INBOX (${matches})`, url: page.url() };
}

// ----------------------------------------------------------------------------------------- the run

export async function runBrowserBench(o: BrowserBenchOptions): Promise<BrowserBenchResult> {
  const browser = await launchChromium();
  const basic = o.view === 'basic';
  try {
    const login = `${o.baseUrl}/login`;
    const steps: StepResult[] = [];

    // Sign-in: one fresh context (a first visit), then the same again with cookies cleared but the cache kept.
    o.log('sign-in (cold, then warm)…');
    const first = await openTab(browser, o.baseUrl, { slow: false, basic });
    const loginCold = await visit(first, login, o.proxy);
    const submitCold = await submitSignIn(first, o.user, o.password, o.proxy);
    await first.context.clearCookies();
    if (basic) await chooseBasic(first.context, o.baseUrl);
    const loginWarm = await visit(first, login, o.proxy);
    const submitWarm = await submitSignIn(first, o.user, o.password, o.proxy);
    // The newest session: every later cold context starts with this cookie and an empty cache.
    const session = await first.context.storageState();

    // Page URLs as a user reaches them: the "Next page" link and the subjects' links on INBOX page 1.
    const inboxUrl = `${o.baseUrl}/mail?folder=INBOX`;
    await first.page.goto(inboxUrl);
    const hrefOf = async (name: string): Promise<string> => {
      const href = await first.page.getByRole('link', { name, exact: true }).first().getAttribute('href');
      if (!href) throw new Error(`No link "${name}" on INBOX page 1`);
      return new URL(href, o.baseUrl).toString();
    };
    // A row opens its message in the reading pane (/mail?…&uid=…: the list with the message beside it); the message
    // view itself is that message on a page of its own (/mail/read?…), what phones and the setting off open.
    const ownPage = (pane: string) => {
      const u = new URL(pane);
      u.pathname += '/read';
      return u.toString();
    };
    const pageUrls: Array<{ key: string; name: string; url: string }> = [
      { key: 'inbox', name: 'open INBOX (page 1)', url: inboxUrl },
      { key: 'nextPage', name: 'INBOX next page', url: await hrefOf('Next page') },
      { key: 'text', name: `text message "${o.subjects.text}"`, url: ownPage(await hrefOf(o.subjects.text)) },
      { key: 'largeAttachment', name: '3 KB text + 20 MB attachment', url: ownPage(await hrefOf(o.subjects.largeAttachment)) },
      { key: 'pane', name: '3 KB text + 20 MB attachment, in the reading pane', url: await hrefOf(o.subjects.largeAttachment) },
      { key: 'newsletter', name: 'HTML newsletter', url: ownPage(await hrefOf(o.subjects.newsletter)) },
      { key: 'bigFolder', name: `open ${o.bigFolder} (100,000)`, url: `${o.baseUrl}/mail?folder=${encodeURIComponent(o.bigFolder)}` },
    ];
    // Search as a user does it: type the term into the "Search" field of INBOX page 1 and press the "Search"
    // button (a GET form to /mail?folder=INBOX&q=…); the resulting URL is then measured like the pages above.
    const search = await searchFromInbox(first.page, o.searchTerm);
    if (search.url) pageUrls.push({ key: 'search', name: search.name, url: search.url });
    await first.context.close();

    steps.push({ key: 'login', name: 'sign-in page', url: login, cold: loginCold, warm: loginWarm, slow: null });
    steps.push({ key: 'signIn', name: 'sign in (post → inbox)', url: login, note: 'cold = first visit after the sign-in page; warm = again after clearing cookies', cold: submitCold, warm: submitWarm, slow: null });

    for (const p of pageUrls) {
      o.log(`${p.name} (cold, then warm)…`);
      const tab = await openTab(browser, o.baseUrl, { storageState: session, slow: false, basic });
      try {
        const cold = await visit(tab, p.url, o.proxy);
        const warm = await visit(tab, p.url, o.proxy);
        steps.push({ key: p.key, name: p.name, url: p.url, cold, warm, slow: null });
      } finally {
        await tab.context.close();
      }
    }
    if (!search.url) steps.push({ key: 'search', name: search.name, url: null, note: search.note, cold: null, warm: null, slow: null });

    // Slow link, cold only: every step in its own fresh context with throttling on from the first byte.
    const byKey = (k: string) => steps.find((s) => s.key === k)!;
    o.log('slow link: sign-in page…');
    {
      const tab = await openTab(browser, o.baseUrl, { slow: true, basic });
      try {
        byKey('login').slow = await visit(tab, login, o.proxy);
        o.log('slow link: sign in (post → inbox)…');
        byKey('signIn').slow = await submitSignIn(tab, o.user, o.password, o.proxy);
        // Again, signed out but with the cache kept: a returning user on the same slow link.
        await tab.context.clearCookies();
        if (basic) await chooseBasic(tab.context, o.baseUrl);
        byKey('login').slowWarm = await visit(tab, login, o.proxy);
        byKey('signIn').slowWarm = await submitSignIn(tab, o.user, o.password, o.proxy);
      } finally {
        await tab.context.close();
      }
    }
    for (const p of pageUrls) {
      o.log(`slow link: ${p.name}…`);
      const tab = await openTab(browser, o.baseUrl, { storageState: session, slow: true, basic });
      try {
        byKey(p.key).slow = await visit(tab, p.url, o.proxy);
        byKey(p.key).slowWarm = await visit(tab, p.url, o.proxy);
      } finally {
        await tab.context.close();
      }
    }

    const firstReqs = [...loginCold.requestList, ...submitCold.requestList];
    return { chromium: browser.version(), view: basic ? 'basic' : 'standard', steps, firstVisit: { bytes: sumBytes(firstReqs), requests: firstReqs.length } };
  } finally {
    await browser.close();
  }
}
