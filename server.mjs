// Feather's production server: Next.js behind a thin Node HTTP layer that compresses what Next.js does not, writes
// one log line per request, and gives memory back when idle. Next.js alone only gzips; here pages get brotli (or
// gzip) on the fly, and hashed static assets are served from the brotli/gzip files scripts/precompress.mjs wrote at
// build time.
//   PORT (default 3000), HOST (default 0.0.0.0; use 127.0.0.1 behind a reverse proxy on the same machine),
//   TRUSTED_PROXIES (addresses of reverse proxies whose X-Forwarded-For is believed; default none),
//   FEATHER_BASE_PATH (the sub-path, fixed by the build: unset, the build's is served; set to another, no start),
//   FEATHER_DIST_DIR (the build's folder, default .next).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import next from 'next';
import { basicHtml, linkHeaderWithoutScripts } from './lib/basic-html.mjs';
import { criticalCss } from './lib/critical-css.mjs';
import * as buildEnv from './lib/build-env.mjs';
import { log } from './lib/log.mjs';
import { VIEW_HEADER, viewOf } from './lib/view.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Stops before listening, saying which setting is wrong (the same words as lib/config.ts). */
function configurationError(message) {
  console.error(`Feather cannot start. Configuration error: ${message}`);
  process.exit(1);
}

// The base path is the build's (Next.js inlined it in the pages and bundles); FEATHER_BASE_PATH may only repeat it.
// next.config.mjs, which Next.js reads again below, then sees the same value the build did.
let distDir;
let basePath = '';
try {
  distDir = buildEnv.parseDistDir(process.env.FEATHER_DIST_DIR);
  const built = buildEnv.builtBasePath(root, distDir);
  // No build: Next.js says so below, in its own words.
  if (built !== undefined) basePath = buildEnv.servedBasePath(built, process.env.FEATHER_BASE_PATH, distDir);
} catch (err) {
  configurationError(err.message);
}
process.env.FEATHER_BASE_PATH = basePath;
const staticDir = path.join(root, distDir, 'static');
const staticPrefix = `${basePath}/_next/static/`;
const partPrefix = `${basePath}/mail/part`;
const iconPrefix = `${basePath}/icon.svg?`;
const signInPath = `${basePath}/login`;
const icon = fs.readFileSync(path.join(root, 'app', 'icon.svg'));
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
if (!Number.isInteger(port) || port < 0 || port > 65535) configurationError(`PORT must be a port number (got "${process.env.PORT}")`);

const trustedProxies = new Set((process.env.TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean));
for (const address of trustedProxies) {
  if (!net.isIP(address)) configurationError(`TRUSTED_PROXIES must list IP addresses (got "${address}")`);
}

/** The address at the other end of the socket (an IPv4 client without its IPv6 mapping). */
function peerOf(req) {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

/** Who is asking: the socket's peer, or, when that peer is a trusted proxy, the nearest address it forwarded. */
function clientAddress(req) {
  const peer = peerOf(req);
  if (!trustedProxies.has(peer)) return peer;
  const hops = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim().replace(/^::ffff:/, '')).filter((s) => net.isIP(s));
  while (hops.length > 0 && trustedProxies.has(hops.at(-1))) hops.pop();
  return hops.at(-1) ?? peer;
}

/** Each request's path as it came in: Next.js takes the base path off req.url while it handles the request. */
const pathOf = new WeakMap();

/**
 * Gives the request an id and the client's address as headers the app reads (any the client sent are replaced),
 * and logs one line when the answer is done: id, method, path (never the query: it holds folder names and search
 * words), status, time. Nothing of the request's headers or body is logged.
 */
function logRequest(req, res) {
  const started = process.hrtime.bigint();
  const id = randomUUID();
  const client = clientAddress(req);
  const reqPath = (req.url ?? '').split('?')[0];
  pathOf.set(req, reqPath);
  req.headers['x-request-id'] = id;
  req.headers['x-feather-client'] = client;
  res.setHeader('X-Request-Id', id);
  res.once('close', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log.info({ req: { id, method: req.method, path: reqPath, client }, status: res.statusCode, ms: Math.round(ms * 10) / 10, ...(res.writableFinished ? {} : { aborted: true }) }, 'request');
  });
}

/**
 * The site's own address as the browser reached it (scheme from a trusted proxy's X-Forwarded-Proto, else http;
 * the Host header the browser sent), for making redirects absolute.
 */
function originOf(req) {
  const forwarded = trustedProxies.has(peerOf(req)) ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() : '';
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : req.socket.encrypted ? 'https' : 'http';
  const hostHeader = String(req.headers.host ?? '');
  return /^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(hostHeader) ? `${scheme}://${hostHeader}` : null;
}

/**
 * Redirects go out with an absolute Location. Next.js sends a path ("/mail"), which HTTP allows, but lynx stops
 * on it to warn "Location URL is not absolute" after every sign-in and form post.
 */
function absoluteRedirects(req, res) {
  const origin = originOf(req);
  if (!origin) return;
  const absolute = (value) => (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? origin + value : value);
  const writeHead = res.writeHead;
  res.writeHead = function (status, ...rest) {
    const set = res.getHeader('location');
    if (typeof set === 'string') res.setHeader('location', absolute(set));
    for (const arg of rest) {
      if (arg && typeof arg === 'object' && !Array.isArray(arg)) for (const key of Object.keys(arg)) if (key.toLowerCase() === 'location') arg[key] = absolute(arg[key]);
    }
    return writeHead.call(this, status, ...rest);
  };
}

const TYPES = { '.js': 'application/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml' };

/** A precompressed copy of a hashed static asset, if the browser accepts its encoding and the file exists. */
function precompressed(req) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const url = req.url ?? '';
  if (!url.startsWith(staticPrefix)) return null;
  const rel = decodeURIComponent(url.slice(staticPrefix.length).split('?')[0]);
  const file = path.join(staticDir, rel);
  if (!file.startsWith(staticDir + path.sep) || !TYPES[path.extname(file)]) return null;
  const accepts = String(req.headers['accept-encoding'] ?? '');
  for (const [token, ext] of [['br', '.br'], ['gzip', '.gz']]) {
    if (new RegExp(`\\b${token}\\b`).test(accepts) && fs.existsSync(file + ext)) return { file: file + ext, encoding: token, type: TYPES[path.extname(file)] };
  }
  return null;
}

/**
 * The view of this request (lib/view.mjs), decided here once and handed to the app in a request header. In Basic
 * HTML, every HTML answer is rewritten on its way out (before compression): no script, no script preload, no
 * hydration data. The rest (parts, downloads, styles, the live stream) goes out as it is.
 */
function chooseView(req, res) {
  const view = viewOf(req.headers.cookie, req.headers['save-data']);
  req.headers[VIEW_HEADER] = view;
  const basic = view === 'basic';
  // The first page of a visit, in Basic HTML: its CSS inline (lib/critical-css.mjs). The standard view keeps the
  // stylesheet where React expects it.
  holdPagesWhole(res, basic, basic && req.method === 'GET' && pathOf.get(req) === signInPath);
}

const signInPageCss = criticalCss({
  staticRoot: path.join(root, distDir),
  publicPath: `${basePath}/_next/`,
  onError: (err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'sign-in page: CSS not inlined'),
});

/**
 * Puts a buffer between Next.js and the compression below it: an HTML page goes on in one piece when Next.js has
 * written all of it (a page is rendered in milliseconds; no reader-facing content streams in later). Next.js writes
 * a page in hundreds of small pieces, and the compressor's cost is per piece: compressing the page at once costs a
 * sixth of that (a 170 KB list page: about 2 ms instead of 13). In Basic HTML the page is rewritten first
 * (lib/basic-html.mjs). Whether the answer is HTML is known when its headers go out (writeHead, which flushHeaders
 * and the first write call too).
 */
function holdPagesWhole(res, basic, inlineCss) {
  const { writeHead, write, end } = res;
  /** The page's bytes so far, once the answer is known to be HTML. */
  let page = null;
  res.writeHead = function (...args) {
    if (!page && /^text\/html\b/i.test(String(res.getHeader('content-type') ?? ''))) {
      page = [];
      if (basic) {
        // The length changes, so it goes; so do the script preloads Next.js may announce in a Link header.
        res.removeHeader('content-length');
        const link = res.getHeader('link');
        if (link !== undefined) {
          const kept = linkHeaderWithoutScripts(Array.isArray(link) ? link.join(', ') : String(link));
          if (kept) res.setHeader('link', kept);
          else res.removeHeader('link');
        }
      }
    }
    return writeHead.apply(this, args);
  };
  const keep = (chunk, encoding) => {
    if (chunk != null && chunk.length > 0) page.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : Buffer.from(chunk));
  };
  res.write = function (chunk, encoding, callback) {
    if (!res.headersSent) res.writeHead(res.statusCode);
    if (!page) return write.call(this, chunk, encoding, callback);
    if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
    keep(chunk, encoding);
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  };
  res.end = function (chunk, encoding, callback) {
    if (typeof chunk === 'function') [chunk, encoding, callback] = [undefined, undefined, chunk];
    else if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
    if (chunk != null && chunk.length > 0 && !res.headersSent) res.writeHead(res.statusCode);
    if (!page) return end.call(this, chunk, encoding, callback);
    keep(chunk, encoding);
    const whole = Buffer.concat(page);
    page = [];
    if (!basic) return end.call(this, whole, callback);
    const html = basicHtml(whole.toString('utf8'));
    if (!inlineCss || res.statusCode !== 200) return end.call(this, html, 'utf8', callback);
    signInPageCss(html).then(
      (out) => end.call(this, out, 'utf8', callback),
      () => end.call(this, html, 'utf8', callback),
    );
    return this;
  };
}

// Downloads of message parts stream as they are (mostly already compressed, and must not be buffered).
// Brotli at quality 5: about a tenth smaller pages than the package's 4, for a fraction of a millisecond more a page
// (11 is a third smaller again but costs over 100 ms of CPU for a 200 KB page).
const compress = compression({
  filter: (req, res) => !(pathOf.get(req) ?? '').startsWith(partPrefix) && compression.filter(req, res),
  brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
});

/**
 * Next.js flushes the compressor after every piece of a page it writes, which ends a compression block each time
 * (a list page came out a fifth larger). Pages are compressed whole: nothing reader-facing streams in later. Other
 * answers (the live-updates stream, whose events must go out as they happen) still flush.
 */
function compressPagesWhole(res) {
  const flush = res.flush;
  if (typeof flush !== 'function') return;
  res.flush = function () {
    if (!/^text\/html\b/i.test(String(res.getHeader('content-type') ?? ''))) flush.call(this);
  };
}

// Where Next.js reaches this server itself (it renders the page a server action redirects to in the same answer).
// `next start` sets this; without it, Next.js builds the address from X-Forwarded-Proto, so behind a proxy that ends
// TLS it asks https:// of this plain-HTTP port, fails, logs it, and leaves the browser a second request.
const self = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
process.env.__NEXT_PRIVATE_ORIGIN ??= `http://${net.isIPv6(self) ? `[${self}]` : self}:${port}`;

const app = next({ dev: false, dir: root, hostname: host, port });
await app.prepare();
const handle = app.getRequestHandler();

/**
 * V8 collects garbage as it allocates: a server that falls idle after a busy hour allocates nothing more, so what
 * that hour left behind stays (a load test's 100 users left 270 MB of garbage, the process at 480 MB instead of
 * 220 MB, for as long as nobody came). Once no request has come for IDLE_MS, full collections give it back: a few,
 * a second apart, for what the first one's finalizers let go (sockets, zlib and TLS state held outside the heap);
 * then nothing until the next request. A busy server never gets here, and collects as it goes.
 */
const IDLE_MS = 5000;
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');
let lastRequestAt = Date.now();
let collectedSinceLastRequest = false;
const mb = (n) => Math.round(n / 1048576);
function collectWhileIdle(round) {
  if (Date.now() - lastRequestAt < IDLE_MS) return;
  const before = process.memoryUsage();
  const started = process.hrtime.bigint();
  collectGarbage();
  const after = process.memoryUsage();
  log.debug({ round, heapBeforeMb: mb(before.heapUsed), heapAfterMb: mb(after.heapUsed), rssBeforeMb: mb(before.rss), ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6) }, 'idle: garbage collected');
  if (round < 3) setTimeout(() => collectWhileIdle(round + 1), 1000).unref();
}
setInterval(() => {
  if (collectedSinceLastRequest || Date.now() - lastRequestAt < IDLE_MS) return;
  collectedSinceLastRequest = true;
  collectWhileIdle(1);
}, IDLE_MS / 2).unref();

const server = http.createServer((req, res) => {
  lastRequestAt = Date.now();
  collectedSinceLastRequest = false;
  logRequest(req, res);
  absoluteRedirects(req, res);
  // The favicon, at the hashed URL the pages name (Next.js sends it with max-age=0): kept by the browser for good.
  if ((req.url ?? '').startsWith(iconPrefix) && (req.method === 'GET' || req.method === 'HEAD')) {
    res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Content-Length': icon.length, 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' });
    return res.end(req.method === 'HEAD' ? undefined : icon);
  }
  const pre = precompressed(req);
  if (pre) {
    const stat = fs.statSync(pre.file);
    res.writeHead(200, {
      'Content-Type': pre.type,
      'Content-Encoding': pre.encoding,
      'Content-Length': stat.size,
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    return fs.createReadStream(pre.file).pipe(res);
  }
  compress(req, res, () => {
    compressPagesWhole(res);
    chooseView(req, res);
    handle(req, res);
  });
});
// An idle keep-alive connection is closed by the server only after whoever reuses it would have given it up:
// nginx keeps upstream connections 60 s, browsers and HTTP clients less (and those that read the Keep-Alive
// header's timeout leave a second before it). With Node's 5 s, a client or proxy reusing one just after it got a
// reset. The header timeout must outlast it (Node's rule), and requests still may take as long as before.
server.keepAliveTimeout = 75_000;
server.headersTimeout = 76_000;
server.listen(port, host, () => {
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}${basePath}/`;
  log.info({ url }, `Feather is listening on ${url}`);
});
