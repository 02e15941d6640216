// What a browser test file of the e2e tier shares: one Chromium, and the user's "other device" (an imapflow client
// straight to the e2e Dovecot) to check and change the mailbox beside the pages. Started before the file's tests,
// closed after them.
import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ImapFlow } from 'imapflow';
import { launchBrowser } from './browser';
import type { TestUser } from './fixtures';
import { otherClient } from './imap-sessions';

export function browserAndOtherDevice(user: TestUser): { readonly browser: Browser; readonly other: ImapFlow } {
  const held = {} as { browser: Browser; other: ImapFlow };
  beforeAll(async () => {
    held.browser = await launchBrowser();
    held.other = await otherClient(inject('e2eImapPort'), user);
  });
  afterAll(async () => {
    await held.other?.logout();
    await held.browser?.close();
  });
  return held;
}
