// @ts-check
import { parseBasePath, parseDistDir } from './lib/build-env.mjs';

// The sub-path Feather is served under (FEATHER_BASE_PATH, e.g. /webmail; empty: the site's root). Next.js inlines
// it in the pages and client bundles, so it is fixed by the build: changing it needs `npm run build` again.
// server.mjs serves the build's and refuses to start when FEATHER_BASE_PATH says otherwise at run time.
const basePath = parseBasePath(process.env.FEATHER_BASE_PATH);

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // same-origin, not no-referrer: with no-referrer, browsers send "Origin: null" on our own form posts.
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  // A webmail needs none of these; a message that slipped past the sanitizer gets none either.
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), display-capture=(), browsing-topics=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  basePath,
  // Where the build goes (default .next); the test suite builds a second copy under /webmail into .next-webmail.
  distDir: parseDistDir(process.env.FEATHER_DIST_DIR),
  // lib/urls.ts reads it to put the base path in front of every URL it makes (inlined at build time).
  env: { FEATHER_BASE_PATH: basePath },
  poweredByHeader: false,
  // server.mjs compresses (brotli or gzip); Next.js's own compression is gzip only.
  compress: false,
  reactStrictMode: true,
  // Titles name the folder and its unread count, or the message's subject: they come from generateMetadata, and
  // must be in <head> for every browser (streamed metadata would arrive in <body>, after the layout's title).
  htmlLimitedBots: /.*/,
  serverExternalPackages: ['imapflow', 'pino', 'nodemailer'],
  // Cache-Control of pages is set by proxy.ts, of raw parts by lib/mail/parts.ts (both from lib/http.ts NO_STORE).
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
