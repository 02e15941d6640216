// Sign-in, list and message pages as w3m and lynx render them: plain text, no CSS, no JavaScript.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SPECIAL } from '../helpers/fixtures';
import { sessionCookie } from '../helpers/http-session';

let cookie: string;
let messagePath: string;

function w3m(url: string, signedIn = true): string {
  return execFileSync('w3m', ['-dump', '-cols', '120', '-o', 'display_charset=UTF-8', ...(signedIn ? ['-header', `Cookie: ${cookie}`] : []), url], { encoding: 'utf8', timeout: 20_000 });
}

/** w3m's -halfdump: the laid-out page with each form item as <input_alt type=… name=…>, as w3m itself sees it. */
function w3mHalfdump(url: string): string {
  return execFileSync('w3m', ['-halfdump', '-cols', '120', '-o', 'display_charset=UTF-8', url], { encoding: 'utf8', timeout: 20_000 });
}

/**
 * The sign-in form as each browser draws it. w3m shows a text field as [    ] (blank in a dump, underlined on
 * screen) and a <button> as its bare text, so what each item is comes from its -halfdump. lynx shows a text field
 * as a run of underscores and a button as "(BUTTON) text".
 */
const SIGN_IN_FORM = {
  w3m: {
    drawn: /Username\s*\[[ _]{8,}\]\s*Password\s*\[[ _]{8,}\]\s*Sign in[ \t]*$/m,
    items: (url: string): void => {
      const half = w3mHalfdump(url);
      expect(half).toMatch(/<label>(<span>)?Username(<\/span>)?(<\/label>)?<pre_int>\[<input_alt [^>]*type="text" name="username"/);
      expect(half).toMatch(/<label>(<span>)?Password(<\/span>)?(<\/label>)?<pre_int>\[<input_alt [^>]*type="password" name="password"/);
      expect(half).toMatch(/<input_alt [^>]*type="submit"[^>]*>Sign in<\/input_alt>/);
      // The heading is text, not a form item.
      expect(half).toMatch(/<b>Sign in to Feather<\/b>/);
      expect(half).not.toMatch(/<input_alt [^>]*>[^<]*Sign in to Feather/);
    },
  },
  lynx: {
    drawn: /Username\s+_{8,}\s*Password\s+_{8,}\s*\(BUTTON\) Sign in[ \t]*$/m,
    items: (): void => {},
  },
};

function lynx(url: string, signedIn = true): string {
  // lynx reads a cookie file only with persistent cookies switched on in its configuration.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feather-lynx-'));
  const jar = path.join(dir, 'cookies');
  const cfg = path.join(dir, 'lynx.cfg');
  const [name, value] = cookie.split(/=(.*)/s);
  fs.writeFileSync(jar, !signedIn ? '' : `127.0.0.1\tFALSE\t/\tFALSE\t${Math.floor(Date.now() / 1000) + 3600}\t${name}\t${value}\n`);
  fs.writeFileSync(cfg, `INCLUDE:/etc/lynx/lynx.cfg\nPERSISTENT_COOKIES:TRUE\nCOOKIE_FILE:${jar}\nACCEPT_ALL_COOKIES:TRUE\n`);
  try {
    return execFileSync('lynx', [`-cfg=${cfg}`, '-dump', '-width=120', '-display_charset=utf-8', url], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, HOME: dir } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  cookie = await sessionCookie();
  const list = await (await fetch(`${inject('appUrl')}/mail?folder=INBOX`, { headers: { Cookie: cookie } })).text();
  const m = new RegExp(`href="(/mail/read\\?[^"]+)"[^>]*>${SPECIAL.legacyCharset}<`).exec(list);
  messagePath = m![1].replace(/&amp;/g, '&');
});

describe.each([
  { name: 'w3m', dump: w3m, form: SIGN_IN_FORM.w3m },
  { name: 'lynx', dump: lynx, form: SIGN_IN_FORM.lynx },
])('$name', ({ dump, form }) => {
  it('renders the sign-in page as a labelled form', () => {
    const url = `${inject('appUrl')}/login`;
    const text = dump(url, false);
    expect(text).toContain('Sign in to Feather');
    expect(text).toMatch(/Username/);
    expect(text).toMatch(/Password/);
    expect(text).toMatch(/Sign in/);
    // Each label is followed by its field, and the fields by the button, drawn as this browser draws form items.
    expect(text).toMatch(form.drawn);
    // The button is there besides the heading's words: "Sign in" on its own, after the fields.
    expect(text.replace('Sign in to Feather', '')).toMatch(/\bSign in\b/);
    form.items(url);
  });

  it('renders the message list with folders, paging and subjects', () => {
    const text = dump(`${inject('appUrl')}/mail?folder=INBOX`);
    expect(text).toContain('Skip to content');
    expect(text).toMatch(/Inbox \(\d+ unread\)/);
    // lynx numbers links: "[14]Next page"
    expect(text).toMatch(/Previous page\s+Page 1 of 3\s+(\[\d+\])?Next page/);
    expect(text).toContain(SPECIAL.nonAscii);
    expect(text).toContain(SPECIAL.largeAttachment);
    expect(text).toMatch(/Unread:/);
  });

  it('renders the search form and a page of search results', () => {
    const text = dump(`${inject('appUrl')}/mail?folder=INBOX&q=${encodeURIComponent('köln')}`);
    // The form reads in order: label, field (with the words searched for), checkbox, button.
    expect(text).toMatch(/Search\s*(\[\d+\])?\[?köln[\s_]*\]?.*Include message text.*Search/);
    expect(text).toMatch(/1 message matches “köln” in subject, sender or recipients\./);
    expect(text).toContain(SPECIAL.legacyCharset);
    expect(text).toContain('Clear search');
  });

  it('renders a message: headers, body and actions', () => {
    const text = dump(inject('appUrl') + messagePath);
    expect(text).toContain(SPECIAL.legacyCharset);
    expect(text).toMatch(/From:\s+Jürgen Müller/);
    expect(text).toContain('viele Grüße aus Köln');
    expect(text).toContain('Show all headers');
    expect(text).toContain('Back to Inbox');
  });
});
