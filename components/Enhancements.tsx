'use client';
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';

/**
 * Comfort that needs JavaScript and is harmless without it: Gmail-like keys (j/k move through the message list, or
 * to the next/previous message when no list is shown; o opens, u goes back to the list, / goes to search; e archives,
 * # deletes, s flags, Shift+U marks unread, Shift+I read, v goes to "Move to": the open message, else the ticked
 * rows or the focused one; each key presses the page's own button, so it does only what the button does); on
 * narrow screens the folder tree starts folded, and a row opens its message on a page of its own rather than in
 * the reading pane, which would only hide the list there (the same message, without the list's bytes); a search
 * form says "Searching…" while the server searches; "Sort by" sorts as soon as an order is chosen; a
 * conversation's count unfolds its messages under its row.
 * Elements opt in with data-nav attributes; nothing here fetches or stores anything.
 */
export function Enhancements() {
  useEffect(() => {
    if (window.matchMedia('(max-width: 767px)').matches) {
      document.querySelectorAll<HTMLDetailsElement>('details[data-fold-narrow]').forEach((d) => (d.open = false));
    }
    const onePane = window.matchMedia('(max-width: 1023px)');
    // A conversation row's count unfolds the conversation's messages under it, from its own page (the same rows a
    // page without JavaScript shows there); again, it folds them away. Nothing is kept once folded.
    const toggleConversation = async (link: HTMLAnchorElement) => {
      const row = link.closest('tr');
      if (!row) return;
      const shown = document.querySelectorAll<HTMLTableRowElement>(`tr[data-member-of="${link.dataset.conversation}"]`);
      if (shown.length > 0) {
        shown.forEach((r) => r.remove());
        link.setAttribute('aria-expanded', 'false');
        return;
      }
      const res = await fetch(link.href, { headers: { Accept: 'text/html' } });
      if (!res.ok) return window.location.assign(link.href);
      const page = new DOMParser().parseFromString(await res.text(), 'text/html');
      const rows = [...page.querySelectorAll<HTMLTableRowElement>('[data-conversation-rows] tbody tr')];
      if (rows.length === 0) return window.location.assign(link.href);
      let after: Element = row;
      for (const r of rows) {
        const member = document.importNode(r, true);
        member.dataset.memberOf = link.dataset.conversation;
        member.classList.add('conversation-member');
        after.after(member);
        after = member;
      }
      link.setAttribute('aria-expanded', 'true');
    };
    const onClick = (e: MouseEvent) => {
      const unfold = (e.target as Element | null)?.closest?.<HTMLAnchorElement>('a[data-conversation]');
      if (unfold && e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        void toggleConversation(unfold);
        return;
      }
      const link = (e.target as Element | null)?.closest?.<HTMLAnchorElement>('a[data-nav="message"]');
      if (!link || !onePane.matches || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      const url = new URL(link.href);
      if (!url.pathname.endsWith('/mail')) return;
      url.pathname += '/read';
      e.preventDefault();
      window.location.assign(url);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      // Keys typed into a field are the field's; a ticked checkbox still takes the action keys.
      const typing = target && (target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName) || (target instanceof HTMLInputElement && !/^(checkbox|radio|button|submit)$/.test(target.type)));
      if (typing) return;
      const links = [...document.querySelectorAll<HTMLAnchorElement>('a[data-nav="message"]')];
      const current = links.indexOf(document.activeElement as HTMLAnchorElement);
      const focus = (i: number) => {
        const link = links[Math.max(0, Math.min(links.length - 1, i))];
        if (!link) return;
        link.focus();
        link.closest('tr')?.scrollIntoView({ block: 'nearest' });
      };
      const go = (nav: string) => document.querySelector<HTMLAnchorElement>(`a[data-nav="${nav}"]`)?.click();
      // An action key: the open message's button; else the list's, for the ticked rows, or the focused row ticked.
      const act = (op: string): boolean => {
        const own = document.querySelector<HTMLButtonElement>(`[role="toolbar"][aria-label="Message"] button[data-action="${op}"]`);
        if (own) return own.click(), true;
        const button = document.querySelector<HTMLButtonElement>(`[role="toolbar"][aria-label="Selected messages"] button[data-action="${op}"]`);
        if (!button) return false;
        if (!document.querySelector('input[name="uid"]:checked')) {
          const box = current >= 0 ? links[current].closest('tr')?.querySelector<HTMLInputElement>('input[name="uid"]') : null;
          if (!box) return false;
          box.checked = true;
        }
        return button.click(), true;
      };
      const ACTION_KEYS: Record<string, string> = { e: 'archive', '#': 'delete', s: 'flag', U: 'unread', I: 'read' };
      if (e.key in ACTION_KEYS) {
        if (act(ACTION_KEYS[e.key])) e.preventDefault();
        return;
      }
      if (e.key === 'v') {
        const moveTo = document.querySelector<HTMLSelectElement>('[data-nav="move-to"]');
        if (!moveTo) return;
        e.preventDefault();
        moveTo.focus();
        return;
      }
      switch (e.key) {
        case 'j':
          if (links.length > 0) focus(current + 1);
          else go('next');
          break;
        case 'k':
          if (links.length > 0) focus(current < 0 ? 0 : current - 1);
          else go('previous');
          break;
        case 'o':
          if (current >= 0) links[current].click();
          else return;
          break;
        case 'u': {
          const up = document.querySelector<HTMLAnchorElement>('a[data-nav="up"]');
          if (!up) return;
          up.click();
          break;
        }
        case '/': {
          const search = document.querySelector<HTMLInputElement>('[data-nav="search"]');
          if (!search) return;
          search.focus();
          break;
        }
        default:
          return;
      }
      e.preventDefault();
    };
    // A search's page comes when the server has searched (a text search without an index takes seconds): say so.
    const onSubmit = (e: SubmitEvent) => {
      const status = (e.target as Element | null)?.closest?.('form[role="search"]')?.querySelector('[data-search-status]');
      if (status) status.textContent = 'Searching…';
    };
    // "Sort by": a new order is asked for as soon as it is chosen; a new key in its usual direction.
    const onChange = (e: Event) => {
      const select = e.target as HTMLSelectElement | null;
      const form = select?.closest?.<HTMLFormElement>('form[data-autosubmit]');
      if (!select || !form) return;
      const direction = select.name === 'sort' ? select.selectedOptions[0]?.dataset.descending : undefined;
      const order = form.querySelector<HTMLSelectElement>('select[name="order"]');
      if (direction && order) order.value = direction;
      form.requestSubmit();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    document.addEventListener('submit', onSubmit);
    document.addEventListener('change', onChange);
    // Marks the page as enhanced (tests wait for it; CSS could use it).
    document.documentElement.dataset.enhanced = 'true';
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
      document.removeEventListener('submit', onSubmit);
      document.removeEventListener('change', onChange);
      delete document.documentElement.dataset.enhanced;
    };
  }, []);
  return null;
}

// Live updates live here, beside the other comforts: one client module, so a page loads no script of its own for it.

interface Change {
  folder: string;
  kind: 'new' | 'flags' | 'expunge' | 'counts' | 'gone';
  uid?: number;
  count?: number;
}

/** How long a burst of changes (a dozen messages filed by another client) is waited out before one refresh. */
const SETTLE_MS = 400;
/**
 * A tab nobody has touched for this long stops asking for the page again (the notice still counts new mail; the
 * next touch brings the page up to date): a refresh is a page request, and it must not keep an abandoned sign-in
 * alive on a shared machine past its idle timeout.
 */
const ACTIVE_MS = 2 * 60_000;

/**
 * Live updates, with JavaScript: listens to the page's event stream (`url`, /mail/live) and, when something
 * changed, asks the server for the page again (Next.js's refresh: the list, the folder tree's counts and the
 * title, as server components; what the user typed or ticked stays). New mail in the shown folder also says
 * "N new messages"; a message shown here that another client moved or deleted keeps its text, with a line saying
 * so, and the page is not refreshed under it. A hidden tab closes its stream (browsers allow few connections to
 * one server over HTTP/1.1) and catches up when shown again. Without EventSource, or when the server has no room,
 * nothing happens: the page is as current as when it was loaded. Rendered with `key={url}`: another folder or
 * message starts afresh.
 */
export function LiveUpdates({ url, folder, uid }: { url: string; folder: string; uid?: number }) {
  const router = useRouter();
  const [fresh, setFresh] = useState(0);
  const [gone, setGone] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let messageGone = false;
    let lastInput = Date.now();
    let behind = false;
    const refresh = () => {
      clearTimeout(timer);
      if (messageGone) return;
      if (Date.now() - lastInput > ACTIVE_MS) {
        behind = true;
        return;
      }
      behind = false;
      timer = setTimeout(() => router.refresh(), SETTLE_MS);
    };
    const onChange = (e: Event) => {
      let change: Change;
      try {
        change = JSON.parse((e as MessageEvent<string>).data) as Change;
      } catch {
        return;
      }
      if (change.kind === 'gone') {
        if (change.uid === uid) {
          messageGone = true;
          setGone(true);
        }
        return;
      }
      if (change.kind === 'new' && change.folder === folder) setFresh((n) => n + (change.count ?? 1));
      refresh();
    };
    const open = () => {
      if (source) return;
      source = new EventSource(url);
      source.addEventListener('change', onChange);
      source.addEventListener('unavailable', () => shut());
    };
    const shut = () => {
      source?.close();
      source = null;
    };
    const touched = () => {
      lastInput = Date.now();
      if (behind) refresh();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') return shut();
      open();
      // What changed while hidden was not heard: the page is asked for again.
      touched();
      refresh();
    };
    // Next.js's refresh re-renders the page but not its <title>: the page carries its title (data-page-title).
    const titled = document.querySelector<HTMLElement>('[data-page-title]');
    const titles = new MutationObserver(() => {
      const t = document.querySelector<HTMLElement>('[data-page-title]')?.dataset.pageTitle;
      if (t && t !== document.title) document.title = t;
    });
    if (titled?.parentElement) titles.observe(titled.parentElement, { subtree: true, attributes: true, attributeFilter: ['data-page-title'], childList: true });
    if (document.visibilityState !== 'hidden') open();
    const inputs = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const name of inputs) window.addEventListener(name, touched, { passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearTimeout(timer);
      titles.disconnect();
      shut();
      for (const name of inputs) window.removeEventListener(name, touched);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [url, folder, uid, router]);
  if (!fresh && !gone) return null;
  return (
    <div className="px-3 pt-2 text-sm" aria-live="polite">
      {gone ? <p className="rounded-md border border-line bg-raised px-3 py-2">This message was moved or deleted elsewhere.</p> : null}
      {fresh && !gone ? (
        <p className="rounded-md border border-done-line bg-done-bg px-3 py-2 text-done-text" data-live-notice>
          {fresh} new {fresh === 1 ? 'message' : 'messages'}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A page rendered for Basic HTML while this document still runs scripts: the view was just changed (the settings
 * saved with JavaScript, which renders the next page in place). Loading it anew brings the page without scripts.
 */
export function ViewReload({ basic }: { basic: boolean }) {
  useEffect(() => {
    if (basic) window.location.reload();
  }, [basic]);
  return null;
}
