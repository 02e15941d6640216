// Stand-in for the 'server-only' marker package outside Next.js (tests import server modules directly).
export {};
