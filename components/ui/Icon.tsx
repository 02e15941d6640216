// One SVG sprite for every icon of the app: one small file, cached for good (no icon font, nothing inline on every
// page, same-origin for the CSP); icons refer to it with <use>. 16×16 strokes in currentColor, so they follow the
// theme. The sign-in page alone draws its one icon inline and only prefetches the sprite (see SignInForm).
import { withBase } from '@/lib/urls';

const PATHS = {
  inbox: 'M2.5 9.5h3l1 2h3l1-2h3M2.5 9.5l1.5-6h8l1.5 6v3.5h-11z',
  drafts: 'M3 13h3l7-7-3-3-7 7zM9 4l3 3',
  sent: 'M2 8l12-5.5L9.5 14 7.5 9zM7.5 9L14 2.5',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 9h5.6l.7-9',
  junk: 'M8 2l6 11H2zM8 6.5v3M8 11.5v.1',
  archive: 'M2.5 3h11v3h-11zM3.5 6v7h9V6M6.5 8.5h3',
  folder: 'M2 4.5h4.5l1.5 1.5h6v7H2z',
  shared: 'M5.5 7.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM2 13c0-2.2 1.6-3.5 3.5-3.5S9 10.8 9 13M10.5 7a1.7 1.7 0 1 0 0-3.4M11 9.5c1.7.2 3 1.4 3 3.5',
  user: 'M8 7.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM3 14c0-2.8 2.2-4.5 5-4.5s5 1.7 5 4.5',
  search: 'M7 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM10.7 10.7L14 14',
  settings: 'M8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  signout: 'M6 2.5H3v11h3M10 5l3 3-3 3M13 8H6',
  menu: 'M2.5 4h11M2.5 8h11M2.5 12h11',
  close: 'M3.5 3.5l9 9M12.5 3.5l-9 9',
  clip: 'M11 4.5v6.5a3 3 0 0 1-6 0V4a2 2 0 0 1 4 0v6.5a1 1 0 0 1-2 0V5',
  flag: 'M3.5 14V2.5M3.5 3h8l-1.5 3 1.5 3h-8',
  reply: 'M6.5 4L2.5 8l4 4M3 8h6.5a4 4 0 0 1 4 4',
  forward: 'M9.5 4l4 4-4 4M13 8H6.5a4 4 0 0 0-4 4',
  back: 'M10 3L5 8l5 5',
  onward: 'M6 3l5 5-5 5',
  prev: 'M4 10l4-4 4 4',
  next: 'M4 6l4 4 4-4',
  download: 'M8 2.5v8M4.5 7.5L8 11l3.5-3.5M3 13.5h10',
  file: 'M4 1.5h5l3 3v10H4zM9 1.5v3h3',
  image: 'M2.5 3h11v10h-11zM2.5 11l3.5-3.5 2.5 2.5 2-2 3 3M10.5 6.5v.1',
  text: 'M4 1.5h5l3 3v10H4zM6 8h4M6 10.5h4M6 5.5h1.5',
  headers: 'M2.5 4h2M6.5 4h7M2.5 8h2M6.5 8h7M2.5 12h2M6.5 12h7',
  mail: 'M2 3.5h12v9H2zM2 4l6 5 6-5',
  dot: 'M8 10.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  unread: 'M2 3.5h12v9H2zM2 4l6 5 6-5M12.5 2.5a1.5 1.5 0 1 0 0 .01',
  read: 'M2 6.5L8 2l6 4.5v7H2zM2 6.5l6 4.5 6-4.5',
  move: 'M2 4.5h4.5l1.5 1.5h6v7H2zM7 9.5h4M9.5 8l1.5 1.5L9.5 11',
  copy: 'M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3',
  tag: 'M2.5 2.5h5.5l6 6-5.5 5.5-6-6zM5.5 5.5v.1',
  untag: 'M2.5 2.5h5.5l6 6-5.5 5.5-6-6zM5 8.5l4-4',
} as const;

export type IconName = keyof typeof PATHS;

/** How an icon's path is drawn, in the sprite and inline alike. */
function stroke(name: IconName) {
  return { fill: name === 'dot' ? 'currentColor' : 'none', stroke: 'currentColor', strokeWidth: '1.5', strokeLinecap: 'round', strokeLinejoin: 'round' } as const;
}

/** The sprite file's text (served at ICON_SPRITE_URL by app/icons.svg/route.ts). */
export function iconSpriteSvg(): string {
  const symbols = (Object.keys(PATHS) as IconName[]).map((name) => {
    const s = stroke(name);
    return `<symbol id="i-${name}" viewBox="0 0 16 16"><path d="${PATHS[name]}" fill="${s.fill}" stroke="${s.stroke}" stroke-width="${s.strokeWidth}" stroke-linecap="${s.strokeLinecap}" stroke-linejoin="${s.strokeLinejoin}"/></symbol>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg">${symbols.join('')}</svg>`;
}

/** A digest of the sprite (32-bit FNV-1a: no crypto module, which would follow this file into client bundles). */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

/** The sprite's version: its URL changes with its content, so browsers may keep it for good. */
export const ICON_SPRITE_VERSION = digest(iconSpriteSvg());

/** Where icons come from: one file for the whole app, fetched once and cached, not inline in every page. */
export const ICON_SPRITE_URL = `${withBase('/icons.svg')}?v=${ICON_SPRITE_VERSION}`;

/**
 * An icon. With `label` it says its name to screen readers and, as hidden text, to text browsers (which show no
 * SVG); without, it is decoration beside words that say the same. `inline` draws it in the page instead of from the
 * sprite: for a page that must not wait for the sprite (the sign-in page), never for icons in lists.
 */
export function Icon({ name, label, size = 16, className, inline = false }: { name: IconName; label?: string; size?: number; className?: string; inline?: boolean }) {
  return (
    <>
      <svg width={size} height={size} aria-hidden="true" focusable="false" className={`inline-block shrink-0 ${className ?? ''}`} viewBox={inline ? '0 0 16 16' : undefined}>
        {inline ? <path d={PATHS[name]} {...stroke(name)} /> : <use href={`${ICON_SPRITE_URL}#i-${name}`} />}
      </svg>
      {label ? <span className="sr-only">{label}</span> : null}
    </>
  );
}
