// A text browser: sign in and read a message in w3m, no CSS, no JavaScript.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { W3mSession } from '../helpers/w3m';
import { SPECIAL, TEST_USERS } from '../helpers/fixtures';

let w3m: W3mSession | undefined;
afterEach(() => w3m?.close());

describe('w3m', () => {
  it('signs in, lists the inbox, reads a message and signs out', async () => {
    w3m = new W3mSession(inject('appUrl') + '/login');
    await w3m.waitFor('Sign in');
    // The cursor starts on the skip link; the fields follow in order.
    await w3m.tab();
    await w3m.fill(TEST_USERS.alice.user);
    await w3m.tab();
    await w3m.fill(TEST_USERS.alice.password);
    await w3m.tab();
    w3m.keys('Enter');
    const list = await w3m.waitFor('Page 1 of 3');
    expect(list).toContain(`Signed in as ${TEST_USERS.alice.user}`);
    expect(list).toContain('Inbox');
    expect(list).toContain(SPECIAL.legacyCharset);

    await w3m.followLinkWithText(SPECIAL.forwarded);
    const message = await w3m.waitFor('Back to Inbox');
    expect(message).toMatch(/From:\s+Jonas Weber/);
    expect(message).toContain('see the original message below');
    expect(message).toContain('Forwarded message: Budget meeting notes');
    // Further down the page (the forwarded message's attachment), found as a reader would: w3m's search.
    await w3m.find('Download budget-notes.csv');
    // Back to the top (w3m's g), where the header's "Sign out" is.
    w3m.keys('g');
    await new Promise((r) => setTimeout(r, 150));

    await w3m.followLinkWithText('Sign out');
    await w3m.waitFor('You are signed out.');
  });
});
