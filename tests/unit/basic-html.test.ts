// Basic HTML (lib/basic-html.mjs): a page without its scripts, script preloads and <noscript> wrappers, the rest
// byte for byte; and which view a request gets (lib/view.mjs).
import { describe, expect, it } from 'vitest';
import { basicHtml, linkHeaderWithoutScripts } from '@/lib/basic-html.mjs';
import { viewOf } from '@/lib/view.mjs';

const basic = basicHtml;

// The shape of what Next.js 16 writes: preloads and bundles in <head>, the hydration data before </body>.
const PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>' +
  '<link rel="stylesheet" href="/_next/static/chunks/a.css" nonce="n" data-precedence="next"/>' +
  '<link rel="preload" as="script" fetchPriority="low" nonce="n" href="/_next/static/chunks/b.js"/>' +
  '<link rel="modulepreload" href="/_next/static/chunks/c.js"/>' +
  '<script src="/_next/static/chunks/b.js" async="" nonce="n"></script>' +
  '<title>Inbox (3) — Feather</title><link rel="icon" href="/icon.svg?x" sizes="any" type="image/svg+xml"/></head>' +
  '<body class="bg-canvas"><main id="main"><h1>Inbox</h1><p title="a </script> in a title">Café — “quotes” &amp; &lt;script&gt;</p>' +
  '<noscript><meta http-equiv="refresh" content="60"/></noscript></main>' +
  '<script nonce="n">self.__next_f.push([1,"<\\/script><div>not content</div>"])</script>' +
  '<script>self.__next_f.push([2,"x"])</script></body></html>';

describe('Basic HTML', () => {
  it('takes out every script, script preload and hydration data, and nothing else', () => {
    const out = basic(PAGE);
    expect(out).toBe(
      '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>' +
        '<link rel="stylesheet" href="/_next/static/chunks/a.css" nonce="n" data-precedence="next"/>' +
        '<title>Inbox (3) — Feather</title><link rel="icon" href="/icon.svg?x" sizes="any" type="image/svg+xml"/></head>' +
        '<body class="bg-canvas"><main id="main"><h1>Inbox</h1><p title="a </script> in a title">Café — “quotes” &amp; &lt;script&gt;</p>' +
        '<meta http-equiv="refresh" content="60"/></main></body></html>',
    );
  });

  it('drops a script of any kind, an unclosed one to the end', () => {
    expect(basic('<p>a</p><script type="application/json">{"x":"</p>"}</script><p>b</p>')).toBe('<p>a</p><p>b</p>');
    expect(basic('<p>a</p><SCRIPT>x()</SCRIPT ><p>b</p>')).toBe('<p>a</p><p>b</p>');
    expect(basic('<p>a</p><script/>x()</script><p>b</p>')).toBe('<p>a</p><p>b</p>');
    expect(basic('<p>a</p><script>never closed <p>b</p>')).toBe('<p>a</p>');
    expect(basic('<NOSCRIPT >y</NOSCRIPT >z')).toBe('yz');
  });

  it('keeps comments, styles and preloads of other things as they are', () => {
    const kept = '<!--$--><style>p{color:red}</style><link rel="preload" as="font" href="/f.woff2"/><link rel="prefetch" href="/mail"/><!--/$-->';
    expect(basic(kept)).toBe(kept);
  });

  it('takes script preloads out of a Link header', () => {
    expect(linkHeaderWithoutScripts('</a.css>; rel=preload; as=style, </b.js>; rel=preload; as="script", </c.js>; rel=modulepreload, </f.woff2>; rel=preload; as=font')).toBe(
      '</a.css>; rel=preload; as=style, </f.woff2>; rel=preload; as=font',
    );
    expect(linkHeaderWithoutScripts('</b.js>; rel=preload; as=script')).toBe('');
  });
});

describe('the view of a request', () => {
  it('is the browser’s choice, else Basic HTML when it asks to save data, else standard', () => {
    expect(viewOf(undefined, undefined)).toBe('standard');
    expect(viewOf('a=1', 'on')).toBe('basic');
    expect(viewOf('a=1', ' On ')).toBe('basic');
    expect(viewOf('a=1', 'off')).toBe('standard');
    expect(viewOf('feather-view=basic', undefined)).toBe('basic');
    // A person who chose the standard view keeps it, Save-Data or not.
    expect(viewOf('x=y; feather-view=standard', 'on')).toBe('standard');
    expect(viewOf('feather-view=nonsense', 'on')).toBe('basic');
    expect(viewOf('other-feather-view=basic', undefined)).toBe('standard');
  });
});
