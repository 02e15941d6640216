// @ts-check
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // same-origin, not no-referrer: with no-referrer, browsers send "Origin: null" on our own form posts.
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // server.mjs compresses (brotli or gzip); Next.js's own compression is gzip only.
  compress: false,
  reactStrictMode: true,
  serverExternalPackages: ['imapflow', 'pino'],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/mail/:path*', headers: [{ key: 'Cache-Control', value: 'private, no-store, max-age=0' }] },
      { source: '/mail', headers: [{ key: 'Cache-Control', value: 'private, no-store, max-age=0' }] },
      { source: '/settings', headers: [{ key: 'Cache-Control', value: 'private, no-store, max-age=0' }] },
      { source: '/login', headers: [{ key: 'Cache-Control', value: 'private, no-store, max-age=0' }] },
    ];
  },
};

module.exports = nextConfig;
