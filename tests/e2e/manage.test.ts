// Acting on mail from the pages: the list's checkboxes and toolbar, and the message view's buttons, with and without
// JavaScript. carol's mailbox is changed here only: each test makes a folder of its own, so nothing else sees it.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_MODES, newContext, signIn, type BrowserMode } from '../helpers/browser';
import { browserAndOtherDevice } from '../helpers/e2e-rig';
import { TEST_USERS } from '../helpers/fixtures';

const carol = TEST_USERS.carol;
let n = 0;
const rig = browserAndOtherDevice(carol);

/** A folder of carol's with `count` unread messages "<folder> 1" … (1 the oldest). */
async function folderWith(count: number): Promise<string> {
  const folder = `Manage${++n}-${Math.random().toString(36).slice(2, 8)}`;
  await rig.other.mailboxCreate(folder);
  for (let i = 1; i <= count; i++) await rig.other.append(folder, `From: Dana <dana@example.org>\r\nTo: carol@example.org\r\nSubject: ${folder} ${i}\r\n\r\nmessage ${i}\r\n`);
  return folder;
}

async function state(folder: string): Promise<Array<{ subject: string; flags: string[] }>> {
  const lock = await rig.other.getMailboxLock(folder);
  try {
    await rig.other.noop();
    // FETCH 1:* of an empty folder is an error ("Invalid messageset").
    if (!rig.other.mailbox || rig.other.mailbox.exists === 0) return [];
    const rows = (await rig.other.fetchAll('1:*', { envelope: true, flags: true })).filter((r) => r.envelope);
    return rows.map((r) => ({ subject: r.envelope!.subject ?? '', flags: [...(r.flags ?? [])].filter((f) => f !== '\\Recent').sort() })).sort((a, b) => a.subject.localeCompare(b.subject));
  } finally {
    lock.release();
  }
}

async function signedIn(mode: BrowserMode): Promise<Page> {
  const page = await (await newContext(rig.browser, mode)).newPage();
  await signIn(page, inject('appUrl'), carol.user, carol.password);
  return page;
}

const list = (page: Page) => page.getByRole('table', { name: 'Messages' });
const status = (page: Page) => page.getByRole('status');

describe.each(BROWSER_MODES)('acting on mail ($label)', ({ javaScript, basic }) => {
  it('from the list: tick rows, then Mark as read, Flag, Mark as unread; "Select all on this page"', async () => {
    const folder = await folderWith(3);
    const page = await signedIn({ javaScript, basic });
    await page.goto(`${inject('appUrl')}/mail?folder=${encodeURIComponent(folder)}`);
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 1` }).check();
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 3` }).check();
    await page.getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Marked 2 messages as read.');
    // Back on the same list page, as it is now.
    expect(new URL(page.url()).searchParams.get('folder')).toBe(folder);
    expect(await state(folder)).toEqual([
      { subject: `${folder} 1`, flags: ['\\Seen'] },
      { subject: `${folder} 2`, flags: [] },
      { subject: `${folder} 3`, flags: ['\\Seen'] },
    ]);
    await page.getByRole('link', { name: 'Select all on this page' }).click();
    await expect.poll(() => list(page).getByRole('checkbox', { checked: true }).count()).toBe(3);
    await page.getByRole('button', { name: 'Flag', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Flagged 3 messages.');
    expect((await state(folder)).every((m) => m.flags.includes('\\Flagged'))).toBe(true);
    // Nothing ticked: told so, nothing changed.
    await page.getByRole('button', { name: 'Mark as unread' }).click();
    await expect.poll(() => page.locator('main').getByRole('alert').textContent()).toMatch(/No message was selected/);
    expect((await state(folder)).filter((m) => m.flags.includes('\\Seen'))).toHaveLength(2);
    await page.context().close();
  });

  it('from the list: Move to a folder, and Delete to the Trash', async () => {
    const folder = await folderWith(3);
    const target = await folderWith(0);
    const page = await signedIn({ javaScript, basic });
    await page.goto(`${inject('appUrl')}/mail?folder=${encodeURIComponent(folder)}`);
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 2` }).check();
    // No folder chosen yet: "Move" files nothing.
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await expect.poll(() => page.locator('main').getByRole('alert').textContent()).toMatch(/^Choose a folder in "Move to" first/);
    expect(await state(folder)).toHaveLength(3);
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 2` }).check();
    await page.getByLabel('Move to').selectOption({ label: target });
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe(`Moved 1 message to ${target}.`);
    expect((await state(target)).map((m) => m.subject)).toEqual([`${folder} 2`]);
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 1` }).check();
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Moved 1 message to Trash.');
    expect((await state(folder)).map((m) => m.subject)).toEqual([`${folder} 3`]);
    expect((await state('Trash')).map((m) => m.subject)).toContain(`${folder} 1`);
    // One step back: the message returns from the Trash by the UID the server gave it there.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => status(page).textContent()).toBe(`Undone: 1 message is back in ${folder}.`);
    expect((await state(folder)).map((m) => m.subject)).toEqual([`${folder} 1`, `${folder} 3`]);
    expect((await state('Trash')).map((m) => m.subject)).not.toContain(`${folder} 1`);
    await expect(page.getByRole('button', { name: 'Undo' }).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('from a message: Flag (a toggle), Mark as unread (back to the list), Archive (on to the next message)', async () => {
    const folder = await folderWith(3);
    const page = await signedIn({ javaScript, basic });
    await page.goto(`${inject('appUrl')}/mail?folder=${encodeURIComponent(folder)}`);
    await list(page).getByRole('link', { name: `${folder} 2`, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    const toolbar = page.getByRole('toolbar', { name: 'Message' });
    const flag = toolbar.getByRole('button', { name: 'Flag', exact: true });
    await expect(flag.getAttribute('aria-pressed')).resolves.toBe('false');
    await flag.click();
    await expect.poll(() => status(page).textContent()).toBe('Flagged 1 message.');
    await expect.poll(() => flag.getAttribute('aria-pressed')).toBe('true');
    expect((await state(folder))[1]).toEqual({ subject: `${folder} 2`, flags: ['\\Flagged', '\\Seen'] });

    await toolbar.getByRole('button', { name: 'Mark as unread' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Marked 1 message as unread.');
    expect(new URL(page.url()).searchParams.has('uid')).toBe(false);
    expect((await state(folder))[1].flags).toEqual(['\\Flagged']);

    await list(page).getByRole('link', { name: `${folder} 2`, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await page.getByRole('toolbar', { name: 'Message' }).getByRole('button', { name: 'Archive' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Archived 1 message (moved to Archive).');
    // On to the next message in the list's order (the older one), in the pane.
    await expect.poll(() => page.locator('#subject').textContent()).toBe(`${folder} 1`);
    expect((await state(folder)).map((m) => m.subject)).toEqual([`${folder} 1`, `${folder} 3`]);
    expect((await state('Archive')).map((m) => m.subject)).toContain(`${folder} 2`);
    await page.context().close();
  });

  it('in the Trash, Delete marks \\Deleted: the row stays, struck through, nothing is expunged', async () => {
    const folder = await folderWith(1);
    const page = await signedIn({ javaScript, basic });
    await page.goto(`${inject('appUrl')}/mail?folder=${encodeURIComponent(folder)}`);
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 1` }).check();
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Moved 1 message to Trash.');
    await page.goto(`${inject('appUrl')}/mail?folder=Trash`);
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 1` }).check();
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => status(page).textContent()).toMatch(/^Marked 1 message as deleted: it stays here, struck through/);
    const row = list(page).getByRole('link', { name: `(deleted) ${folder} 1`, exact: true });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.evaluate((a) => getComputedStyle(a).textDecorationLine)).resolves.toBe('line-through');
    const trashed = (await state('Trash')).find((m) => m.subject === `${folder} 1`);
    expect(trashed?.flags).toContain('\\Deleted');
    // "Expunge…" asks first; Cancel changes nothing, "Expunge" erases it for good.
    await page.getByRole('link', { name: 'Expunge…' }).click();
    const confirm = page.getByRole('region', { name: 'Confirm' });
    await expect.poll(() => confirm.getByRole('heading').textContent()).toMatch(/^Erase the messages marked as deleted \(struck through\) in Trash for good\?/);
    await confirm.getByRole('link', { name: 'Cancel' }).click();
    await page.waitForURL((u) => !u.searchParams.has('confirm'));
    expect((await state('Trash')).some((m) => m.subject === `${folder} 1`)).toBe(true);
    await page.getByRole('link', { name: 'Expunge…' }).click();
    await page.getByRole('region', { name: 'Confirm' }).getByRole('button', { name: 'Expunge' }).click();
    await expect.poll(() => status(page).textContent()).toMatch(/^Erased \d+ messages? marked as deleted, for good\.$/);
    expect((await state('Trash')).some((m) => m.subject === `${folder} 1`)).toBe(false);
    await page.context().close();
  });

  it('labels: added to ticked rows, shown on them, listed by label, removed from a message', async () => {
    const folder = await folderWith(3);
    const page = await signedIn({ javaScript, basic });
    await page.goto(`${inject('appUrl')}/mail?folder=${encodeURIComponent(folder)}`);
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 1` }).check();
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 3` }).check();
    await page.getByLabel('Label', { exact: true }).fill('project x');
    // Enter in the label field adds it (the form's default button), as the "Add label" button does.
    await page.getByLabel('Label', { exact: true }).press('Enter');
    await expect.poll(() => status(page).textContent()).toBe('Labelled 2 messages “project_x”.');
    expect((await state(folder)).map((m) => m.flags)).toEqual([['project_x'], [], ['project_x']]);
    const chips = list(page).getByRole('link', { name: /^\(label:\s*project_x\s*\)$/ });
    await expect(chips.count()).resolves.toBe(2);
    await chips.first().click();
    await page.waitForURL((u) => u.searchParams.get('label') === 'project_x');
    await expect.poll(() => list(page).getByRole('link', { name: `${folder} 3`, exact: true }).count()).toBe(1);
    await expect(list(page).getByRole('link', { name: `${folder} 2`, exact: true }).count()).resolves.toBe(0);
    await expect(page.title()).resolves.toBe('Label: project_x — Feather');
    await list(page).getByRole('link', { name: `${folder} 3`, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await page.getByRole('button', { name: 'Remove label project_x' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Removed the label “project_x” from 1 message.');
    expect((await state(folder)).find((m) => m.subject === `${folder} 3`)?.flags).toEqual(['\\Seen']);
    // Enter on a ticked box archives nothing.
    await page.goto(`${inject('appUrl')}/mail?folder=${encodeURIComponent(folder)}`);
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 2` }).check();
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 2` }).press('Enter');
    await page.waitForLoadState();
    expect(await state(folder)).toHaveLength(3);
    await page.context().close();
  });

  it('tells what happened when another client removed the ticked messages meanwhile, and changes nothing else', async () => {
    const folder = await folderWith(2);
    const page = await signedIn({ javaScript, basic });
    await page.goto(`${inject('appUrl')}/mail?folder=${encodeURIComponent(folder)}`);
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 1` }).check();
    const lock = await rig.other.getMailboxLock(folder);
    try {
      await rig.other.messageDelete('1', { uid: false });
    } finally {
      lock.release();
    }
    await page.getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(() => status(page).textContent()).toMatch(/^Nothing was changed: the message was no longer there/);
    expect(await state(folder)).toEqual([{ subject: `${folder} 2`, flags: [] }]);
    await page.context().close();
  });
});

describe('keyboard (JavaScript on)', () => {
  it('e archives the open message, s flags it; in the list, # deletes the focused row and Shift+U marks the ticked unread', async () => {
    const folder = await folderWith(3);
    const page = await signedIn({ javaScript: true });
    await page.goto(`${inject('appUrl')}/mail?folder=${encodeURIComponent(folder)}`);
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    // j focuses the first row (the newest, 3); # deletes it.
    await page.keyboard.press('j');
    await page.keyboard.press('#');
    await expect.poll(() => status(page).textContent()).toBe('Moved 1 message to Trash.');
    expect((await state(folder)).map((m) => m.subject)).toEqual([`${folder} 1`, `${folder} 2`]);
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    await list(page).getByRole('checkbox', { name: `Select: ${folder} 1` }).check();
    await page.keyboard.press('Shift+I');
    await expect.poll(() => status(page).textContent()).toBe('Marked 1 message as read.');
    await list(page).getByRole('link', { name: `${folder} 2`, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    await page.keyboard.press('s');
    await expect.poll(() => status(page).textContent()).toBe('Flagged 1 message.');
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    await page.keyboard.press('e');
    await expect.poll(() => status(page).textContent()).toBe('Archived 1 message (moved to Archive).');
    expect(await state(folder)).toEqual([{ subject: `${folder} 1`, flags: ['\\Seen'] }]);
    expect((await state('Archive')).find((m) => m.subject === `${folder} 2`)?.flags).toEqual(['\\Flagged', '\\Seen']);
    await page.context().close();
  });
});

describe('Empty Trash', () => {
  it('asks first, then erases every message in the Trash that the page knew of, and only those', async () => {
    const folder = await folderWith(2);
    const page = await signedIn({ javaScript: false });
    await page.goto(`${inject('appUrl')}/mail?folder=${encodeURIComponent(folder)}`);
    await page.getByRole('link', { name: 'Select all on this page' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Moved 2 messages to Trash.');
    await page.goto(`${inject('appUrl')}/mail?folder=Trash`);
    await page.getByRole('link', { name: 'Empty Trash…' }).click();
    const confirm = page.getByRole('region', { name: 'Confirm' });
    await expect.poll(() => confirm.getByRole('heading').textContent()).toMatch(/^Erase all \d+ messages? in Trash for good\?$/);
    // A message that reaches the Trash after the page was made is not erased unseen.
    await rig.other.append('Trash', `From: x@example.org\r\nSubject: ${folder} late\r\n\r\nlate\r\n`);
    await confirm.getByRole('button', { name: 'Empty Trash' }).click();
    await expect.poll(() => status(page).textContent()).toMatch(/^Emptied: \d+ messages? erased for good\.$/);
    expect((await state('Trash')).map((m) => m.subject)).toEqual([`${folder} late`]);
    await page.context().close();
  });
});

describe('select all in the folder', () => {
  it('acts on every message of the folder by the server, not by UIDs listed in the page', async () => {
    const folder = await folderWith(55);
    const page = await signedIn({ javaScript: false });
    await page.goto(`${inject('appUrl')}/mail?folder=${encodeURIComponent(folder)}`);
    await page.getByRole('link', { name: 'Select all on this page' }).click();
    await page.getByRole('link', { name: 'Select all 55 in this folder' }).click();
    await expect.poll(() => page.getByText('All 55 messages in this folder are selected.').count()).toBe(1);
    // The page lists 50 rows; the form names none of the other 5.
    await expect(list(page).getByRole('checkbox').count()).resolves.toBe(50);
    await page.getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Marked 55 messages as read.');
    expect((await state(folder)).every((m) => m.flags.includes('\\Seen'))).toBe(true);
    await page.context().close();
  });
});
