// Small HTTP helpers for route handlers (server actions get Next.js's own origin check).

/**
 * A state-changing request must come from our own pages. A missing Origin is accepted (some text browsers send
 * none); the SameSite=Lax session cookie is not sent on cross-site POSTs anyway.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return origin === null;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export const NO_STORE = 'private, no-store, max-age=0';
