// @ts-check
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
  poweredByHeader: false,
  // server.mjs compresses (brotli or gzip); Next.js's own compression is gzip only.
  compress: false,
  reactStrictMode: true,
  serverExternalPackages: ['imapflow', 'pino'],
  // Cache-Control of pages is set by proxy.ts, of raw parts by lib/mail/parts.ts (both from lib/http.ts NO_STORE).
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

module.exports = nextConfig;
