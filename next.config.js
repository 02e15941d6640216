// @ts-check
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // same-origin, not no-referrer: with no-referrer, browsers send "Origin: null" on our own form posts.
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];

// Pages get this policy; /mail/part (raw message parts) sets its own, stricter one.
const pageCsp = [
  {
    key: 'Content-Security-Policy',
    // Mail may show remote images only after the user asks (the sanitizer decides); nothing else remote loads.
    value: "default-src 'self'; img-src 'self' data: https: http:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ['imapflow', 'pino'],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/((?!mail/part).*)', headers: pageCsp },
      { source: '/mail/:path*', headers: [{ key: 'Cache-Control', value: 'private, no-store, max-age=0' }] },
      { source: '/mail', headers: [{ key: 'Cache-Control', value: 'private, no-store, max-age=0' }] },
      { source: '/login', headers: [{ key: 'Cache-Control', value: 'private, no-store, max-age=0' }] },
    ];
  },
};

module.exports = nextConfig;
