// /health for the school's monitoring: 200 while the IMAP server answers Feather, 503 when not; no details leak.
import { describe, expect, inject, it } from 'vitest';

describe('/health', () => {
  it('says ok when the IMAP server answers, and unavailable when it cannot be reached', async () => {
    const up = await fetch(`${inject('appUrl')}/health`);
    expect(up.status).toBe(200);
    expect(up.headers.get('cache-control')).toBe('private, no-store, max-age=0');
    expect(await up.json()).toEqual({ status: 'ok', imap: 'ok' });
    const down = await fetch(`${inject('unreachableAppUrl')}/health`);
    expect(down.status).toBe(503);
    const body = await down.text();
    expect(JSON.parse(body)).toEqual({ status: 'unavailable', imap: 'unreachable' });
    expect(body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });
});
