// The server's namespaces (RFC 2342), read once per connection, and the one imapflow habit Feather turns off.
import type { ImapFlow, NamespaceObject } from 'imapflow';
import type { Namespace, Namespaces } from './types';

const known = new WeakMap<ImapFlow, Namespaces>();

function plain(list: NamespaceObject[] | false | undefined): Namespace[] {
  return (list || []).map((n) => ({ prefix: n.prefix ?? '', delimiter: n.delimiter ?? '' }));
}

/**
 * Takes the namespaces imapflow read at login, and stops imapflow from putting the personal prefix in front of
 * every path it is given: it would turn "Public.announcements" into "INBOX.Public.announcements", and LIST only
 * below "INBOX.". Feather always passes paths exactly as the server listed them, so no prefix is ever missing.
 */
export function adoptNamespaces(client: ImapFlow): Namespaces {
  const raw = client.namespaces;
  const ns: Namespaces = { personal: plain(raw?.personal), other: plain(raw?.other), shared: plain(raw?.shared) };
  if (ns.personal.length === 0) ns.personal.push({ prefix: '', delimiter: client.namespace?.delimiter ?? '' });
  known.set(client, ns);
  if (client.namespace) client.namespace = { ...client.namespace, prefix: '' };
  return ns;
}

/** The namespaces of a connection opened by the pool (adopted at login). */
export function namespacesOf(client: ImapFlow): Namespaces {
  return known.get(client) ?? adoptNamespaces(client);
}
