import { ICON_SPRITE_VERSION, iconSpriteSvg } from '@/components/ui/Icon';

/** The icon sprite. At the versioned URL the pages name it is kept for good; at any other, asked for again. */
export function GET(request: Request): Response {
  const current = new URL(request.url).searchParams.get('v') === ICON_SPRITE_VERSION;
  return new Response(iconSpriteSvg(), {
    headers: {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
