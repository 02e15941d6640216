import 'server-only';
// Limits on sign-in attempts, per client address and per user name (rate-limiter-flexible, in this process's memory):
// a few failures are free, then each further one makes the next attempt wait twice as long, up to 15 minutes.
// While a wait runs, nothing is sent to the IMAP server. A wrong password and an unknown user count the same.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { config } from '@/lib/config';
import { processWide } from '@/lib/process-state';

/** Failures are forgotten an hour after the last one. */
const WINDOW_SECONDS = 3600;
const LONGEST_WAIT_SECONDS = 15 * 60;

function limiters() {
  return processWide('signInLimits', () => ({
    failures: new RateLimiterMemory({ keyPrefix: 'signin-failures', points: Number.MAX_SAFE_INTEGER, duration: WINDOW_SECONDS }),
    waits: new RateLimiterMemory({ keyPrefix: 'signin-wait', points: 1, duration: 1 }),
  }));
}

function keys(user: string, client: string | undefined): Array<{ key: string; free: number }> {
  const c = config();
  const out = [{ key: `user:${user.trim().toLowerCase()}`, free: c.signInFailuresPerUser }];
  if (client) out.push({ key: `address:${client}`, free: c.signInFailuresPerAddress });
  return out;
}

/** Seconds to wait before this user may try again from this address, or 0. */
export async function signInWait(user: string, client: string | undefined): Promise<number> {
  const { waits } = limiters();
  let ms = 0;
  for (const { key } of keys(user, client)) {
    const res = await waits.get(key);
    if (res && res.consumedPoints > 1) ms = Math.max(ms, res.msBeforeNext);
  }
  return Math.ceil(ms / 1000);
}

/** A failed attempt: counted for the user and the address; past the free ones, the next wait doubles. */
export async function signInFailed(user: string, client: string | undefined): Promise<number> {
  const { failures, waits } = limiters();
  let wait = 0;
  for (const { key, free } of keys(user, client)) {
    const { consumedPoints: count } = await failures.penalty(key, 1);
    if (count <= free) continue;
    const seconds = Math.min(2 ** (count - free), LONGEST_WAIT_SECONDS);
    await waits.block(key, seconds);
    wait = Math.max(wait, seconds);
  }
  return wait;
}

/** A successful sign-in forgets the user's failures (an address shared by a whole lab keeps its count). */
export async function signInSucceeded(user: string): Promise<void> {
  const { failures, waits } = limiters();
  const [{ key }] = keys(user, undefined);
  await Promise.all([failures.delete(key), waits.delete(key)]);
}
