import 'server-only';
// One request's answers, shared by its page and its generateMetadata (the title needs the folder's unread count or
// the message's subject): each IMAP answer is asked for once per request, never kept beyond it.
import { cache } from 'react';

/** A fresh map per request (React's cache is scoped to one server render). */
const requestMemo = cache(() => new Map<string, Promise<unknown>>());

/** `work()` once per request for `key`; later calls in the same request get the same promise. */
export function oncePerRequest<T>(key: string, work: () => Promise<T>): Promise<T> {
  const memo = requestMemo();
  let p = memo.get(key) as Promise<T> | undefined;
  if (!p) memo.set(key, (p = work()));
  return p;
}
