'use client';
import { useEffect } from 'react';

/**
 * Comfort that needs JavaScript and is harmless without it: Gmail-like keys (j/k move through the message list,
 * o opens, u goes back to the list, / goes to search) and, on narrow screens, the folder tree starts folded.
 * Elements opt in with data-nav attributes; nothing here fetches or stores anything.
 */
export function Enhancements() {
  useEffect(() => {
    if (window.matchMedia('(max-width: 767px)').matches) {
      document.querySelectorAll<HTMLDetailsElement>('details[data-fold-narrow]').forEach((d) => (d.open = false));
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      const links = [...document.querySelectorAll<HTMLAnchorElement>('a[data-nav="message"]')];
      const current = links.indexOf(document.activeElement as HTMLAnchorElement);
      const focus = (i: number) => {
        const link = links[Math.max(0, Math.min(links.length - 1, i))];
        if (!link) return;
        link.focus();
        link.closest('tr')?.scrollIntoView({ block: 'nearest' });
      };
      switch (e.key) {
        case 'j':
          focus(current + 1);
          break;
        case 'k':
          focus(current < 0 ? 0 : current - 1);
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
    document.addEventListener('keydown', onKey);
    // Marks the page as enhanced (tests wait for it; CSS could use it).
    document.documentElement.dataset.enhanced = 'true';
    return () => {
      document.removeEventListener('keydown', onKey);
      delete document.documentElement.dataset.enhanced;
    };
  }, []);
  return null;
}
