// Run after the whole end-to-end tier, on what the app wrote meanwhile (.data/e2e-app*.log, and the sub-path tier's
// app behind nginx, .data/subpath-app.log): the log an admin gets is JSON lines with what they need, and never a
// password, a session cookie or a message's text.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { DATA_ROOT } from '../../rig/paths';
import { DEEP_NESTING_TEXT, TEST_USERS } from '../helpers/fixtures';

const files = ['e2e-app.log', 'e2e-app-unreachable.log', 'e2e-app-courier.log', 'subpath-app.log'].map((f) => path.join(DATA_ROOT, f));
const text = files.map((f) => fs.readFileSync(f, 'utf8')).join('');
const lines = text.split('\n').filter(Boolean);
const entries = lines.flatMap((l) => {
  try {
    return [JSON.parse(l) as Record<string, unknown> & { msg?: string; req?: Record<string, unknown> }];
  } catch {
    return [];
  }
});

describe('the app log of the whole end-to-end run', () => {
  it('is the log of a real run (hundreds of requests), as JSON lines', () => {
    expect(entries.filter((e) => e.msg === 'request').length).toBeGreaterThan(200);
    // npm's header lines and Next.js's own notices (✓ ⚠ ▲) aside, every line is JSON; no Node warning either.
    const notJson = lines.filter((l) => !l.startsWith('{') && !/^(> |[✓⚠▲] )/.test(l) && l.trim() !== '');
    expect(notJson).toEqual([]);
  });

  it('never holds a test password, a session cookie or a message text', () => {
    for (const secret of [TEST_USERS.alice.password, TEST_USERS.bob.password, 'not-the-password']) expect(text, secret).not.toContain(secret);
    expect(text).not.toMatch(/feather_session=|Fe26\.2\*/);
    for (const body of [DEEP_NESTING_TEXT, 'viele Grüße aus Köln', 'the raw dataset from this week', 'Hello student, here is what happened']) expect(text, body).not.toContain(body);
    // Nor search words or folder names from URLs: requests are logged by path.
    expect(text).not.toMatch(/[?&]q=|"path":"[^"]*\?/);
  });

  it('has one line per request with its id, status and time, and the id ties it to what the app logged', () => {
    const requests = entries.filter((e) => e.msg === 'request');
    const page = requests.find((e) => e.req?.path === '/mail/read' && e.status === 200)!;
    expect(page).toBeDefined();
    expect(page.req).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), method: 'GET', client: '127.0.0.1' });
    expect(typeof page.ms).toBe('number');
    expect(new Set(requests.map((e) => e.req?.id)).size).toBe(requests.length);
    const failed = entries.filter((e) => e.msg === 'IMAP operation failed');
    expect(failed.some((e) => e.code === 'no-message' && requests.some((r) => r.req?.id === e.req?.id))).toBe(true);
    expect(failed.some((e) => e.code === 'timeout')).toBe(true);
  });

  it('has every failed sign-in: user, client address, reason', () => {
    const refused = entries.filter((e) => e.msg === 'sign-in failed');
    expect(refused).toContainEqual(expect.objectContaining({ user: TEST_USERS.alice.user, reason: 'auth', req: expect.objectContaining({ client: '127.0.0.1' }) }));
    expect(refused.some((e) => e.reason === 'unreachable')).toBe(true);
    expect(entries.some((e) => e.msg === 'signed in' && e.user === TEST_USERS.bob.user)).toBe(true);
  });
});
