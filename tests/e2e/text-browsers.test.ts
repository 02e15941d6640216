// Sign-in, list and message pages as w3m and lynx render them: plain text, no CSS, no JavaScript.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FLOWED_REPLY, LAB_TEXT, SPECIAL } from '../helpers/fixtures';
import { sessionCookie } from '../helpers/http-session';

let cookie: string;
/** The message pages of the specials read here, by subject. */
const messagePaths = new Map<string, string>();
const messageUrl = (subject: string) => inject('appUrl') + messagePaths.get(subject)!;

function w3m(url: string, signedIn = true, cols = 120): string {
  return execFileSync('w3m', ['-dump', '-cols', String(cols), '-o', 'display_charset=UTF-8', ...(signedIn ? ['-header', `Cookie: ${cookie}`] : []), url], { encoding: 'utf8', timeout: 20_000 });
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

function lynx(url: string, signedIn = true, width = 120): string {
  // lynx reads a cookie file only with persistent cookies switched on in its configuration.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feather-lynx-'));
  const jar = path.join(dir, 'cookies');
  const cfg = path.join(dir, 'lynx.cfg');
  const [name, value] = cookie.split(/=(.*)/s);
  fs.writeFileSync(jar, !signedIn ? '' : `127.0.0.1\tFALSE\t/\tFALSE\t${Math.floor(Date.now() / 1000) + 3600}\t${name}\t${value}\n`);
  fs.writeFileSync(cfg, `INCLUDE:/etc/lynx/lynx.cfg\nPERSISTENT_COOKIES:TRUE\nCOOKIE_FILE:${jar}\nACCEPT_ALL_COOKIES:TRUE\n`);
  try {
    return execFileSync('lynx', [`-cfg=${cfg}`, '-dump', `-width=${width}`, '-display_charset=utf-8', url], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, HOME: dir } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines of a dump from the first one containing `first` up to the one containing `last` (both included). */
function linesBetween(text: string, first: string, last: string): string[] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.includes(first));
  const to = lines.findIndex((l, i) => i > from && l.includes(last));
  expect(from, `"${first}" in the dump`).toBeGreaterThanOrEqual(0);
  expect(to, `"${last}" after "${first}" in the dump`).toBeGreaterThan(from);
  return lines.slice(from, to + 1);
}
/** Columns a line takes (the texts here have no wide characters). */
const columns = (line: string) => [...line.trimEnd()].length;
/** The words of a text, whatever the line breaks and indents, with lynx's link numbers ("[12]") taken out. */
const words = (text: string) => text.replace(/\[\d+\]/g, '').split(/\s+/).filter(Boolean);
const indent = (line: string | undefined) => (line === undefined ? -1 : line.length - line.trimStart().length);

beforeAll(async () => {
  cookie = await sessionCookie();
  const list = await (await fetch(`${inject('appUrl')}/mail?folder=INBOX`, { headers: { Cookie: cookie } })).text();
  for (const subject of [SPECIAL.legacyCharset, SPECIAL.largeAttachment, SPECIAL.flowedReply]) {
    const m = new RegExp(`href="(/mail(?:/read)?\\?[^"]+)"[^>]*>${subject.replace(/[()]/g, '\\$&')}<`).exec(list);
    messagePaths.set(subject, m![1].replace(/&amp;/g, '&'));
  }
});

describe.each([
  // lynx indents a <blockquote> by one step however deep it is nested; w3m indents each level.
  { name: 'w3m', dump: w3m, form: SIGN_IN_FORM.w3m, nestsQuotes: true },
  { name: 'lynx', dump: lynx, form: SIGN_IN_FORM.lynx, nestsQuotes: false },
])('$name', ({ dump, form, nestsQuotes }) => {
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
    // The way to the lightest pages, before signing in (issue 13).
    expect(text).toMatch(/Slow connection\? (\[\d+\])?Basic HTML version/);
  });

  it('renders Settings: every choice with its label, the page view among them, and the save button', () => {
    const text = dump(`${inject('appUrl')}/settings`);
    for (const label of ['Text only', 'Reload the message list every minute', 'Message list density', 'Page view', 'Save settings']) expect(text).toContain(label);
    // Each choice of a set is a radio button as this browser draws one, "( )" or "(*)", before its label.
    for (const label of ['Comfortable', 'Compact', 'Automatic: Basic HTML when the browser asks to save data', 'Standard', 'Basic HTML']) {
      // A long label wraps: any run of white space between its words.
      expect(text).toMatch(new RegExp(`\\([ *]\\)\\s*${label.split(' ').join('\\s+')}`));
    }
  });

  it('renders the conversation view of a folder and a search of all folders', () => {
    const threads = dump(`${inject('appUrl')}/mail?folder=INBOX&view=conversations`);
    expect(threads).toMatch(/\d+ conversations/);
    expect(threads).toContain(SPECIAL.largeAttachment);
    const everywhere = dump(`${inject('appUrl')}/mail?folder=INBOX&q=${encodeURIComponent(SPECIAL.largeAttachment)}&scope=all`);
    expect(everywhere).toContain(SPECIAL.largeAttachment);
    // The all-folders results say how many folders were searched (a one-folder search does not).
    expect(everywhere).toMatch(/\bmatch(es)?\b[\s\S]*\bin\s+\d+\s+of\s+\d+\s+folders\s+searched/);
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

  it('renders Manage folders: the new-folder form, every folder with its actions, the storage used', () => {
    const text = dump(`${inject('appUrl')}/folders`);
    expect(text).toMatch(/Manage folders/);
    expect(text).toMatch(/Folder name[\s\S]*Inside[\s\S]*Create folder/);
    expect(text).toMatch(/Projects\s+(\[\d+\])?5 messages/);
    expect(text).toMatch(/Unsubscribe[\s\S]*Rename[\s\S]*Delete/);
    expect(text).toMatch(/[\d.]+ [KMG]B of 1 GB used/);
  });

  it('renders the compose page as a labelled form, its fields in order', () => {
    const text = dump(`${inject('appUrl')}/mail/compose`);
    expect(text).toMatch(/To[\s\S]*Cc[\s\S]*Bcc[\s\S]*Subject[\s\S]*Message[\s\S]*Attach files[\s\S]*Send[\s\S]*Save draft/);
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
    const text = dump(messageUrl(SPECIAL.legacyCharset));
    expect(text).toContain(SPECIAL.legacyCharset);
    expect(text).toMatch(/From:\s+Jürgen Müller/);
    expect(text).toContain('viele Grüße aus Köln');
    expect(text).toContain('Show all headers');
    expect(text).toContain('Back to Inbox');
  });

  it('wraps a plain-text body at 80 columns, breaking no word', () => {
    // The lab report's paragraphs are one long line each: a <pre> left them 300 columns wide in w3m and cut
    // words in lynx. As paragraphs, the browser wraps them between words at its width.
    const text = dump(messageUrl(SPECIAL.largeAttachment), true, 80);
    const body = linesBetween(text, 'Dear all,', 'Attachments').slice(0, -1);
    expect(body.length).toBeGreaterThan(20);
    expect(body.filter((l) => columns(l) > 80)).toEqual([]);
    expect(words(body.join('\n'))).toEqual(words(LAB_TEXT));
    // Its 20 MiB attachment is listed at the size it downloads at, not the 27 MiB base64 takes on the server.
    expect(text).toMatch(/Download dataset\.bin\s+application\/octet-stream, 20 MB/);
  });

  it('shows a flowed reply with its paragraphs joined and wrapped, its quotes indented and its links', () => {
    const text = dump(messageUrl(SPECIAL.flowedReply), true, 80);
    const body = linesBetween(text, 'Hi Alex,', 'Student office');
    expect(body.filter((l) => columns(l) > 80)).toEqual([]);
    // The three flowed lines are one paragraph again, wrapped by the browser (at other places than the sender's).
    expect(words(body.join('\n')).join(' ')).toContain(FLOWED_REPLY.joined);
    // The quote is indented, and the quote inside it more.
    const at = (s: string) => body.find((l) => l.includes(s));
    expect(indent(at('Could you read'))).toBeGreaterThan(indent(at('On Tuesday, Priya Raman wrote:')));
    if (nestsQuotes) expect(indent(at(FLOWED_REPLY.nested))).toBeGreaterThan(indent(at('Could you read')));
    else expect(indent(at(FLOWED_REPLY.nested))).toBeGreaterThanOrEqual(indent(at('Could you read')));
    expect(indent(at('Yes, from nine'))).toBe(indent(at('Could you read')));
    expect(words(body.join('\n')).join(' ')).toContain(FLOWED_REPLY.script);
  });
});

describe('links in a plain-text body, as lynx lists them', () => {
  it('are the URL and the address (as mailto:), never the javascript: text', () => {
    const text = lynx(messageUrl(SPECIAL.flowedReply), true, 80);
    const references = text.slice(text.lastIndexOf('References'));
    expect(references).toContain(FLOWED_REPLY.url);
    expect(references).toContain(`mailto:${FLOWED_REPLY.address}`);
    expect(references).not.toMatch(/javascript:/i);
  });
});
