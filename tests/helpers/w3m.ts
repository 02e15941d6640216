// w3m, the text browser, driven as a person would: keys typed into it in a tmux pane, the screen read back.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class W3mSession {
  private readonly name = `feather-w3m-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly home = fs.mkdtempSync(path.join(os.tmpdir(), 'feather-w3m-'));

  constructor(url: string) {
    // Own HOME: a fresh profile (cookie jar) per session, like a fresh lab machine.
    const cmd = `HOME=${this.home} w3m -o accept_cookie=1 -o use_cookie=1 -o accept_bad_cookie=1 '${url}'`;
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', '160', '-y', '60', cmd]);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', args, { encoding: 'utf8' });
  }

  /** Types keys (tmux key names such as Enter, Tab, C-u, or literal text). */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  /** Waits until the screen shows `text` (w3m redraws when a page has loaded). */
  async waitFor(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
      if (Date.now() > deadline) throw new Error(`w3m never showed ${text}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Moves to the next link or form field (w3m's Tab), `n` times. */
  async tab(n = 1): Promise<void> {
    for (let i = 0; i < n; i++) {
      this.keys('Tab');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Fills the text field under the cursor: Enter opens w3m's line editor, the text ends with Enter. */
  async fill(text: string): Promise<void> {
    this.keys('Enter');
    await new Promise((r) => setTimeout(r, 150));
    this.keys('-l', text);
    this.keys('Enter');
    await new Promise((r) => setTimeout(r, 150));
  }

  /** Searches forward for `text` (w3m's /), scrolling to it, and answers the screen then. */
  async find(text: string): Promise<string> {
    this.keys('/');
    await new Promise((r) => setTimeout(r, 150));
    this.keys('-l', text);
    this.keys('Enter');
    return this.waitFor(text);
  }

  /** Searches forward for `text` (w3m's /) and follows the link the cursor lands on. */
  async followLinkWithText(text: string): Promise<void> {
    this.keys('/');
    await new Promise((r) => setTimeout(r, 150));
    this.keys('-l', text);
    this.keys('Enter');
    await new Promise((r) => setTimeout(r, 200));
    this.keys('Enter');
  }

  close(): void {
    try {
      this.tmux('kill-session', '-t', this.name);
    } catch {
      // already gone
    }
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}
