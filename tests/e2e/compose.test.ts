// Writing mail from the pages, with and without JavaScript: "New message", Send through the private Postfix into
// the private Dovecot, the copy in Sent, Save draft and its life cycle, and every refusal keeping what was typed.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_MODES, newContext, signIn, type BrowserMode } from '../helpers/browser';
import { browserAndOtherDevice } from '../helpers/e2e-rig';
import { TEST_USERS, type TestUser } from '../helpers/fixtures';
import { sessionCookie } from '../helpers/http-session';
import { otherClient } from '../helpers/imap-sessions';
import { messagesWith } from '../helpers/mailbox';
import { proxyControl } from '../helpers/proxy-control';

const carol = TEST_USERS.carol;
const noPostfix = () => inject('e2eSmtpPort') === 0;
const rig = browserAndOtherDevice(carol);

async function signedIn(mode: boolean | BrowserMode): Promise<Page> {
  const page = await (await newContext(rig.browser, typeof mode === 'boolean' ? { javaScript: mode } : mode)).newPage();
  await signIn(page, inject('appUrl'), carol.user, carol.password);
  return page;
}

/** The sources of the messages in `folder` of `user` whose subject is `subject` (waiting a little for delivery). */
async function found(user: TestUser, folder: string, subject: string, want = 1): Promise<string[]> {
  const c = user === carol ? rig.other : await otherClient(inject('e2eImapPort'), user);
  try {
    return await messagesWith(c, folder, subject, want);
  } finally {
    if (c !== rig.other) await c.logout();
  }
}

const status = (page: Page) => page.locator('main').getByRole('status');
const alert = (page: Page) => page.locator('main').getByRole('alert');

describe.skipIf(noPostfix()).each(BROWSER_MODES)('writing mail ($label)', ({ javaScript, basic }) => {
  it('"New message" → Send: it arrives, Bcc unseen by the others; the copy in Sent keeps the Bcc', async () => {
    const subject = `Hello from the lab ${javaScript ? 'js' : 'nojs'} ${Date.now()} — Grüße`;
    const page = await signedIn({ javaScript, basic });
    await page.getByRole('link', { name: 'New message' }).click();
    await page.getByLabel('To', { exact: true }).fill('Bob <bob@feather.test>');
    await page.getByLabel('Bcc', { exact: true }).fill('pat@feather.test');
    await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await page.getByRole('textbox', { name: 'Message' }).fill(`Hi Bob,\n\n${'A long line that goes on to be wrapped as format=flowed. '.repeat(3)}\n\nCarol`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Message sent.');
    expect(new URL(page.url()).pathname).toBe('/mail');
    const [arrived] = await found(TEST_USERS.bob, 'INBOX', subject);
    expect(arrived).toMatch(/^From: carol@feather\.test/m);
    expect(arrived).toMatch(/^To: Bob <bob@feather\.test>/m);
    expect(arrived).toMatch(/format=flowed/);
    expect(arrived).not.toMatch(/^Bcc:/im);
    expect(await found(TEST_USERS.pat, 'INBOX', subject)).toHaveLength(1);
    const [copy] = await found(carol, 'Sent', subject);
    expect(copy).toMatch(/^Bcc: pat@feather\.test/m);
    // Reloading the page the send ended on sends nothing again (a second copy would have arrived within 2 s).
    await page.reload();
    expect(await found(TEST_USERS.bob, 'INBOX', subject, 0)).toHaveLength(1);
    await page.context().close();
  });

  it('a bad address: nothing sent, named in the message, the form back as typed (kept in Drafts); corrected, sent, draft gone', async () => {
    const subject = `Typo ${javaScript ? 'js' : 'nojs'} ${Date.now()}`;
    const page = await signedIn({ javaScript, basic });
    await page.goto(`${inject('appUrl')}/mail/compose`);
    await page.getByLabel('To', { exact: true }).fill('bob@feather.test, bobfeather.test');
    await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await page.getByRole('textbox', { name: 'Message' }).fill('Text that must not be lost.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => alert(page).textContent()).toMatch(/not an e-mail address.*\(bobfeather\.test\)/);
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('bob@feather.test, bobfeather.test');
    expect(await page.getByRole('textbox', { name: 'Subject' }).inputValue()).toBe(subject);
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('Text that must not be lost.');
    expect(await found(carol, 'Drafts', subject)).toHaveLength(1);
    await page.getByLabel('To', { exact: true }).fill('bob@feather.test');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Message sent to bob@feather.test.');
    expect(await found(TEST_USERS.bob, 'INBOX', subject)).toHaveLength(1);
    expect(await found(carol, 'Drafts', subject, 0)).toHaveLength(0);
    await page.context().close();
  });

  it('Save draft, then again (one draft, replaced by UID); a refused recipient keeps it too', async () => {
    const subject = `Draft ${javaScript ? 'js' : 'nojs'} ${Date.now()}`;
    const page = await signedIn({ javaScript, basic });
    await page.goto(`${inject('appUrl')}/mail/compose`);
    await page.getByLabel('To', { exact: true }).fill('nobody@feather.test');
    await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await page.getByRole('textbox', { name: 'Message' }).fill('first version');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Draft saved in Drafts, on the mail server.');
    await page.getByRole('textbox', { name: 'Message' }).fill('second version');
    const first = page.url();
    await page.getByRole('button', { name: 'Save draft' }).click();
    // The page reopens the new version (with JavaScript the post goes by XMLHttpRequest first, for its progress).
    await page.waitForURL((u) => u.href !== first);
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('second version');
    const drafts = await found(carol, 'Drafts', subject);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toContain('second version');
    // Reopened from the Drafts folder (as from another machine): the row opens the draft to edit.
    await page.goto(`${inject('appUrl')}/mail?folder=Drafts`);
    await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: new RegExp(subject) }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('second version');
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('nobody@feather.test');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => alert(page).textContent()).toMatch(/refused a recipient.*nobody@feather\.test/);
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('second version');
    expect(await found(carol, 'Drafts', subject)).toHaveLength(1);
    await page.context().close();
  });
});

describe.skipIf(noPostfix())('the send form refuses', () => {
  it('a line break in the subject or an address field (header injection), and a post from another site', async () => {
    const cookie = await sessionCookie(carol);
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return fetch(`${inject('appUrl')}/mail/send`, { method: 'POST', body: form, redirect: 'manual', headers: { Cookie: cookie, Origin: inject('appUrl'), ...headers } });
    };
    const subject = `Injected ${Date.now()}`;
    const res = await post({ op: 'send', to: 'bob@feather.test', subject: `${subject}\r\nBcc: pat@feather.test`, text: 'x' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/failed=header-break/);
    // In To, a line break would turn the rest into a group only pat is in (bob dropped without a word).
    for (const field of ['to', 'cc', 'bcc']) {
      const r = await post({ op: 'send', to: 'bob@feather.test', [field]: `bob@feather.test\r\nBcc: pat@feather.test`, subject, text: 'x' });
      expect(r.headers.get('location'), field).toMatch(/failed=header-break/);
    }
    const cross = await post({ op: 'send', to: 'bob@feather.test', subject, text: 'x' }, { Origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    await new Promise((r) => setTimeout(r, 500));
    expect(await found(TEST_USERS.bob, 'INBOX', subject, 0)).toHaveLength(0);
    expect(await found(TEST_USERS.pat, 'INBOX', subject, 0)).toHaveLength(0);
  });
});

describe('without SMTP_HOST (the courier-like app has none)', () => {
  it('reads mail only, and says so where "New message" would be and on the compose page; "Send" keeps the text as a draft', async () => {
    const page = await (await newContext(rig.browser, { javaScript: false })).newPage();
    await signIn(page, inject('courierAppUrl'), carol.user, carol.password);
    await expect.poll(() => page.locator('header').textContent()).toContain('Reading only: sending is not set up');
    expect(await page.getByRole('link', { name: 'New message' }).count()).toBe(0);
    await page.goto(`${inject('courierAppUrl')}/mail/compose`);
    expect(await page.locator('main').textContent()).toContain('no server to send through is set up');
    await page.getByRole('textbox', { name: 'Subject' }).fill(`Kept without SMTP ${Date.now()}`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    // The reason (next to the standing "reads mail only" notice), and the text back, kept in Drafts.
    await expect.poll(async () => (await alert(page).allTextContents()).join(' | ')).toContain('This Feather is set up to read mail only');
    expect(await page.getByRole('textbox', { name: 'Subject' }).inputValue()).toMatch(/^Kept without SMTP/);
    expect(new URL(page.url()).searchParams.get('draft')).toMatch(/^\d+$/);
    await page.context().close();
  });
});

describe('a message that can be neither sent nor saved', () => {
  it('shows what was typed, to be copied (a full mailbox refuses the draft)', async () => {
    // quinn's quota is 64 KB: a 100 KB text cannot be kept in Drafts.
    const cookie = await sessionCookie(TEST_USERS.quinn);
    const text = `Words that must not be lost. ${'x'.repeat(100 * 1024)}`;
    const form = new FormData();
    for (const [k, v] of Object.entries({ op: 'draft', to: 'bob@feather.test', subject: 'Kept on the page', text })) form.set(k, v);
    const res = await fetch(`${inject('appUrl')}/mail/send`, { method: 'POST', body: form, redirect: 'manual', headers: { Cookie: cookie, Origin: inject('appUrl') } });
    expect(res.status).toBe(507);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    const page = await res.text();
    expect(page).toContain('Not sent, and not saved');
    expect(page).toContain('Your mailbox is full');
    expect(page).toContain('Words that must not be lost.');
    expect(page).toContain('Kept on the page');
  });
});

describe.skipIf(noPostfix())('answering a message', () => {
  /** A message from bob to carol (Cc pat) in carol's INBOX, with a Message-ID and References; its UID. */
  async function fromBob(subject: string): Promise<number> {
    const raw = `From: Bob <bob@feather.test>\r\nTo: Carol <carol@feather.test>\r\nCc: pat@feather.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@feather.test>\r\nReferences: <earlier@feather.test>\r\nDate: Tue, 05 Mar 2024 14:05:00 +0000\r\n\r\nFirst line of Bob.\r\nSecond line.\r\n`;
    const r = await rig.other.append('INBOX', raw);
    if (!r || !r.uid) throw new Error('APPEND gave no UID');
    return r.uid;
  }

  async function flagsOf(uid: number): Promise<string[]> {
    const lock = await rig.other.getMailboxLock('INBOX');
    try {
      await rig.other.noop();
      const m = await rig.other.fetchOne(String(uid), { flags: true }, { uid: true });
      return m ? [...(m.flags ?? [])] : [];
    } finally {
      lock.release();
    }
  }

  it.each([{ javaScript: true }, { javaScript: false }])('Reply quotes the text with an attribution, threads (In-Reply-To, References), marks the original \\Answered (JavaScript $javaScript)', async ({ javaScript }) => {
    const subject = `Question ${javaScript ? 'js' : 'nojs'} ${Date.now()}`;
    const uid = await fromBob(subject);
    const page = await signedIn(javaScript);
    await page.goto(`${inject('appUrl')}/mail/read?folder=INBOX&uid=${uid}`);
    await page.getByRole('link', { name: /^Reply$/ }).click();
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('Bob <bob@feather.test>');
    expect(await page.getByRole('textbox', { name: 'Subject' }).inputValue()).toBe(`Re: ${subject}`);
    const text = await page.getByRole('textbox', { name: 'Message' }).inputValue();
    expect(text).toMatch(/On Tue 5 Mar 2024, \d\d:\d\d, Bob <bob@feather\.test> wrote:\n> First line of Bob\.\n> Second line\./);
    await page.getByRole('textbox', { name: 'Message' }).fill(`Here is my answer.\n${text}`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Message sent to bob@feather.test.');
    const [arrived] = await found(TEST_USERS.bob, 'INBOX', `Re: ${subject}`);
    const id = `<${subject.replace(/\W/g, '')}@feather.test>`;
    expect(arrived).toContain(`In-Reply-To: ${id}`);
    expect(arrived).toMatch(new RegExp(`References: <earlier@feather\\.test>\\s+${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(await flagsOf(uid)).toContain('\\Answered');
    await page.context().close();
  });

  it('a reply saved as a draft and finished later (another machine) is still that reply: threaded, the original marked \\Answered; a forward as attachment reopened keeps the original once', async () => {
    const subject = `Begun in the lab ${Date.now()}`;
    const uid = await fromBob(subject);
    const lab = await signedIn(false);
    await lab.goto(`${inject('appUrl')}/mail/read?folder=INBOX&uid=${uid}`);
    await lab.getByRole('link', { name: /^Reply$/ }).click();
    await lab.getByRole('textbox', { name: 'Message' }).fill('Half an answer, finished at home.');
    await lab.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => status(lab).textContent()).toBe('Draft saved in Drafts, on the mail server.');
    await lab.context().close();
    const home = await signedIn(false);
    await home.goto(`${inject('appUrl')}/mail?folder=Drafts`);
    await home.getByRole('table', { name: 'Messages' }).getByRole('link', { name: new RegExp(`Re: ${subject}`) }).click();
    expect(await home.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('Half an answer, finished at home.');
    await home.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => status(home).textContent()).toBe('Message sent to bob@feather.test.');
    const [arrived] = await found(TEST_USERS.bob, 'INBOX', `Re: ${subject}`);
    expect(arrived).toContain(`In-Reply-To: <${subject.replace(/\W/g, '')}@feather.test>`);
    expect(arrived).toMatch(/^References: <earlier@feather\.test>/m);
    expect(arrived).not.toMatch(/^X-Feather-Source:/im);
    expect(await flagsOf(uid)).toContain('\\Answered');
    // Forward as attachment, saved, reopened and sent: the original attached once.
    await home.goto(`${inject('appUrl')}/mail/read?folder=INBOX&uid=${uid}`);
    await home.getByRole('link', { name: 'Forward as attachment' }).click();
    await home.getByLabel('To', { exact: true }).fill('pat@feather.test');
    await home.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => status(home).textContent()).toBe('Draft saved in Drafts, on the mail server.');
    await expect.poll(() => home.getByRole('checkbox', { name: /\.eml/ }).count()).toBe(1);
    await home.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => status(home).textContent()).toBe('Message sent to pat@feather.test.');
    const [forwarded] = await found(TEST_USERS.pat, 'INBOX', `Fwd: ${subject}`);
    expect(forwarded.match(/Content-Type: message\/rfc822/g)).toHaveLength(1);
    await home.context().close();
  });

  it('Reply all answers the sender and the others, never the user; Forward as attachment sends the original as message/rfc822 and marks it $Forwarded', async () => {
    const subject = `Plan ${Date.now()}`;
    const uid = await fromBob(subject);
    const page = await signedIn(false);
    await page.goto(`${inject('appUrl')}/mail/read?folder=INBOX&uid=${uid}`);
    await page.getByRole('link', { name: /^Reply all$/ }).click();
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('Bob <bob@feather.test>');
    expect(await page.getByLabel('Cc', { exact: true }).inputValue()).toBe('pat@feather.test');
    await page.goto(`${inject('appUrl')}/mail/read?folder=INBOX&uid=${uid}`);
    await page.getByRole('link', { name: 'Forward as attachment' }).click();
    expect(await page.getByRole('textbox', { name: 'Subject' }).inputValue()).toBe(`Fwd: ${subject}`);
    await page.getByLabel('To', { exact: true }).fill('pat@feather.test');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Message sent to pat@feather.test.');
    const [arrived] = await found(TEST_USERS.pat, 'INBOX', `Fwd: ${subject}`);
    expect(arrived).toMatch(/Content-Type: message\/rfc822/);
    expect(arrived).toContain('First line of Bob.');
    expect(await flagsOf(uid)).toContain('$Forwarded');
    // Forward (inline) puts the original's header lines and text in the message.
    await page.goto(`${inject('appUrl')}/mail/read?folder=INBOX&uid=${uid}`);
    await page.getByRole('link', { name: /^Forward$/ }).click();
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toMatch(/---------- Forwarded message ----------\nFrom: Bob <bob@feather\.test>\n[\s\S]*First line of Bob\./);
    await page.context().close();
  });
});

describe.skipIf(noPostfix())('comfort with JavaScript, and attachments', () => {
  it('saves the draft by itself a few seconds after typing stops, and suggests addresses the user wrote to (from Sent)', async () => {
    const subject = `Autosaved ${Date.now()}`;
    const page = await signedIn(true);
    await page.goto(`${inject('appUrl')}/mail/compose`);
    await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await page.getByRole('textbox', { name: 'Message' }).fill('typed, never saved by hand');
    await expect.poll(() => page.locator('[data-autosave-status]').textContent(), { timeout: 15_000 }).toMatch(/^Draft saved at /);
    expect((await found(carol, 'Drafts', subject))[0]).toContain('typed, never saved by hand');
    // Typing again saves again, replacing it: still one draft.
    await page.getByRole('textbox', { name: 'Message' }).fill('typed, never saved by hand, then more');
    await expect.poll(async () => ((await found(carol, 'Drafts', subject))[0] ?? '').includes('then more'), { timeout: 15_000 }).toBe(true);
    expect(await found(carol, 'Drafts', subject)).toHaveLength(1);
    // carol wrote to bob earlier (the tests above): "bo" in To offers him.
    await page.getByLabel('To', { exact: true }).fill('bo');
    await expect.poll(() => page.locator('datalist option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toContain('Bob <bob@feather.test>');
    await page.context().close();
  });

  it('refuses attachments over the limit before sending (1 MB in this test app), with everything still typed', async () => {
    const page = await signedIn(true);
    await page.goto(`${inject('appUrl')}/mail/compose`);
    await page.getByLabel('To', { exact: true }).fill('bob@feather.test');
    await page.getByRole('textbox', { name: 'Message' }).fill('kept');
    await page.getByLabel('Attach files').setInputFiles([{ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(1_200_000, 1) }]);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.locator('[data-autosave-status]').textContent()).toMatch(/larger than 1 MB in all, so nothing was sent/);
    expect(new URL(page.url()).pathname).toBe('/mail/compose');
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('kept');
    await page.context().close();
  });

  it('without JavaScript, a post with attachments over the limit sends nothing and keeps what was typed, as a draft', async () => {
    const subject = `Too big ${Date.now()}`;
    const page = await signedIn(false);
    await page.goto(`${inject('appUrl')}/mail/compose`);
    await page.getByLabel('To', { exact: true }).fill('bob@feather.test');
    await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await page.getByRole('textbox', { name: 'Message' }).fill('typed before the big file');
    // Over 10 MB: more than Next.js would hold for a route behind proxy.ts (the form posts are not behind it).
    await page.getByLabel('Attach files').setInputFiles([{ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(11 * 1024 * 1024, 1) }]);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => alert(page).textContent()).toMatch(/too large|larger/i);
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('typed before the big file');
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('bob@feather.test');
    const [draft] = await found(carol, 'Drafts', subject);
    expect(draft).toContain('typed before the big file');
    expect(draft).not.toContain('big.bin');
    expect(await found(TEST_USERS.bob, 'INBOX', subject, 0)).toHaveLength(0);
    await page.context().close();
  });

  it.each([{ javaScript: true }, { javaScript: false }])('sends attached files (JavaScript $javaScript)', async ({ javaScript }) => {
    const subject = `With a file ${javaScript ? 'js' : 'nojs'} ${Date.now()}`;
    const page = await signedIn(javaScript);
    await page.goto(`${inject('appUrl')}/mail/compose`);
    await page.getByLabel('To', { exact: true }).fill('bob@feather.test');
    await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await page.getByLabel('Attach files').setInputFiles([{ name: 'notes (2026).txt', mimeType: 'text/plain', buffer: Buffer.from('lab notes\n') }]);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Message sent to bob@feather.test.');
    const [arrived] = await found(TEST_USERS.bob, 'INBOX', subject);
    expect(arrived).toMatch(/Content-Disposition: attachment; filename="notes \(2026\)\.txt"/);
    expect(arrived).toMatch(/lab notes|bGFiIG5vdGVz/);
    await page.context().close();
  });

  it.each([{ javaScript: true }, { javaScript: false }])('Forward carries the original’s attachment from the server: sent by BURL, its 2 MB never through Feather; unticked, it stays behind (JavaScript $javaScript)', async ({ javaScript }) => {
    const subject = `Report ${javaScript ? 'js' : 'nojs'} ${Date.now()}`;
    const encoded = Buffer.alloc(2 * 1024 * 1024, 3).toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = `From: Bob <bob@feather.test>\r\nTo: carol@feather.test\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nThe report is attached.\r\n--b1\r\nContent-Type: application/pdf; name=report.pdf\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=report.pdf\r\n\r\n${encoded}\r\n--b1--\r\n`;
    const r = await rig.other.append('INBOX', raw);
    if (!r || !r.uid) throw new Error('APPEND gave no UID');
    const page = await signedIn(javaScript);
    await page.goto(`${inject('appUrl')}/mail/read?folder=INBOX&uid=${r.uid}`);
    await page.getByRole('link', { name: /^Forward$/ }).first().click();
    await expect.poll(() => page.getByRole('checkbox', { name: /report\.pdf/ }).isChecked()).toBe(true);
    await page.getByLabel('To', { exact: true }).fill('pat@feather.test');
    await proxyControl.reset();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Message sent to pat@feather.test.');
    // Between the app and IMAP: commands and the small text only (the Sent copy and the sent message are built by the server).
    const traffic = await proxyControl.stats();
    expect(traffic.bytesFromServer + traffic.bytesToServer).toBeLessThan(256 * 1024);
    const [arrived] = await found(TEST_USERS.pat, 'INBOX', `Fwd: ${subject}`);
    expect(arrived).toContain(encoded);
    expect(arrived).toContain('The report is attached.');
    expect((await found(carol, 'Sent', `Fwd: ${subject}`))[0]).toContain(encoded);
    // Unticked, the forward goes without it.
    await page.goto(`${inject('appUrl')}/mail/read?folder=INBOX&uid=${r.uid}`);
    await page.getByRole('link', { name: /^Forward$/ }).first().click();
    await page.getByRole('textbox', { name: 'Subject' }).fill(`Without it: ${subject}`);
    await page.getByRole('checkbox', { name: /report\.pdf/ }).uncheck();
    await page.getByLabel('To', { exact: true }).fill('pat@feather.test');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Message sent to pat@feather.test.');
    const [without] = await found(TEST_USERS.pat, 'INBOX', `Without it: ${subject}`);
    expect(without).not.toContain('report.pdf');
    await page.context().close();
  });

  it('autosave of a forward keeps the original’s attachment in the draft (built on the server), and sending removes the draft', async () => {
    const subject = `Autosaved forward ${Date.now()}`;
    const raw = `From: Bob <bob@feather.test>\r\nTo: carol@feather.test\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b1\r\nContent-Type: text/csv; name=data.csv\r\nContent-Disposition: attachment; filename=data.csv\r\n\r\na,b\r\n1,2\r\n--b1--\r\n`;
    const r = await rig.other.append('INBOX', raw);
    if (!r || !r.uid) throw new Error('APPEND gave no UID');
    const page = await signedIn(true);
    await page.goto(`${inject('appUrl')}/mail/read?folder=INBOX&uid=${r.uid}`);
    await page.getByRole('link', { name: /^Forward$/ }).first().click();
    await page.getByLabel('To', { exact: true }).fill('bob@feather.test');
    await page.getByRole('textbox', { name: 'Message' }).fill('For you, with the data.');
    await expect.poll(() => page.locator('[data-autosave-status]').textContent(), { timeout: 15_000 }).toMatch(/^Draft saved at /);
    const [draft] = await found(carol, 'Drafts', `Fwd: ${subject}`);
    expect(draft).toMatch(/filename=data\.csv/);
    expect(draft).toContain('For you, with the data.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Message sent to bob@feather.test.');
    expect((await found(TEST_USERS.bob, 'INBOX', `Fwd: ${subject}`))[0]).toMatch(/a,b\r\n1,2/);
    expect(await found(carol, 'Drafts', `Fwd: ${subject}`, 0)).toHaveLength(0);
    await page.context().close();
  });

  it('a draft keeps its attachments on the server: reopened, they are listed, ticked, and sent from there', async () => {
    const subject = `Draft with a file ${Date.now()}`;
    const page = await signedIn(false);
    await page.goto(`${inject('appUrl')}/mail/compose`);
    await page.getByLabel('To', { exact: true }).fill('bob@feather.test');
    await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await page.getByLabel('Attach files').setInputFiles([{ name: 'data.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') }]);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Draft saved in Drafts, on the mail server.');
    await page.goto(`${inject('appUrl')}/mail?folder=Drafts`);
    await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: new RegExp(subject) }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: /data\.csv/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Message sent to bob@feather.test.');
    const [arrived] = await found(TEST_USERS.bob, 'INBOX', subject);
    expect(arrived).toMatch(/filename=data\.csv/);
    expect(await found(carol, 'Drafts', subject, 0)).toHaveLength(0);
    await page.context().close();
  });
});
