// Feather's production server: Next.js behind a thin Node HTTP layer that compresses what Next.js does not.
// Next.js alone only gzips; here pages get brotli (or gzip) on the fly, and hashed static assets are served
// from the brotli/gzip files scripts/precompress.mjs wrote at build time (best compression, no CPU per request).
//   PORT (default 3000), HOST (default 0.0.0.0; use 127.0.0.1 behind a reverse proxy on the same machine).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import next from 'next';

const root = path.dirname(fileURLToPath(import.meta.url));
const staticDir = path.join(root, '.next', 'static');
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Feather cannot start. Configuration error: PORT must be a port number (got "${process.env.PORT}")`);
  process.exit(1);
}

const TYPES = { '.js': 'application/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml' };

/** A precompressed copy of a hashed static asset, if the browser accepts its encoding and the file exists. */
function precompressed(req) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const url = req.url ?? '';
  if (!url.startsWith('/_next/static/')) return null;
  const rel = decodeURIComponent(url.slice('/_next/static/'.length).split('?')[0]);
  const file = path.join(staticDir, rel);
  if (!file.startsWith(staticDir + path.sep) || !TYPES[path.extname(file)]) return null;
  const accepts = String(req.headers['accept-encoding'] ?? '');
  for (const [token, ext] of [['br', '.br'], ['gzip', '.gz']]) {
    if (new RegExp(`\\b${token}\\b`).test(accepts) && fs.existsSync(file + ext)) return { file: file + ext, encoding: token, type: TYPES[path.extname(file)] };
  }
  return null;
}

// Downloads of message parts stream as they are (mostly already compressed, and must not be buffered).
const compress = compression({ filter: (req, res) => !(req.url ?? '').startsWith('/mail/part') && compression.filter(req, res) });

const app = next({ dev: false, dir: root, hostname: host, port });
await app.prepare();
const handle = app.getRequestHandler();

http
  .createServer((req, res) => {
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
    compress(req, res, () => handle(req, res));
  })
  .listen(port, host, () => {
    console.log(`Feather is listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`);
  });
