import { describe, it, expect } from 'vitest';
import { sanitizeMailHtml } from '@/lib/mime/sanitize';

const blocked = { showRemoteImages: false } as const;
const clean = (html: string, opts: Parameters<typeof sanitizeMailHtml>[1] = blocked) => sanitizeMailHtml(html, opts).html;

describe('sanitizeMailHtml: code and documents', () => {
  it('removes script elements with their content', () => {
    const out = clean('<p>a</p><script>alert("x")</script><SCRIPT src="https://evil.test/x.js"></SCRIPT><p>b</p>');
    expect(out).toBe('<p>a</p><p>b</p>');
  });

  it('removes event handlers', () => {
    const out = clean('<div onclick="steal()" onmouseover="x()"><img src="data:image/png;base64,AAAA" onerror="y()">hi</div><body onload="z()">');
    expect(out).not.toMatch(/on(click|mouseover|error|load)/i);
    expect(out).toContain('hi');
  });

  it('removes javascript:, vbscript:, data: and protocol-relative links but keeps the text', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' java\tscript:alert(1)', 'jav&#x61;script:alert(1)', 'vbscript:msgbox', 'data:text/html,<script>alert(1)</script>', '//evil.test/x', '/logout', '#top']) {
      const out = clean(`<a href="${href}">link</a>`);
      expect(out, href).not.toContain('href');
      expect(out).toContain('link');
    }
  });

  it('keeps http, https and mailto links, opening in a new tab without referrer', () => {
    const out = clean('<a href="https://example.org/a?b=1&amp;c=2" target="_self" rel="opener">x</a><a href="mailto:a@b.test">m</a><a href="http://x.test">h</a>');
    expect(out).toBe(
      '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">x</a>' +
        '<a href="mailto:a@b.test" target="_blank" rel="noopener noreferrer">m</a>' +
        '<a href="http://x.test" target="_blank" rel="noopener noreferrer">h</a>',
    );
  });

  it('removes forms and their controls, keeping surrounding text', () => {
    const out = clean('<form action="https://evil.test/phish" method="post">Password: <input type="password" name="pw"><button>Log in</button><select><option>a</option></select><textarea>t</textarea></form>');
    expect(out).toBe('Password: ');
  });

  it('removes iframes, frames, objects, embeds, applets, svg and math with their content', () => {
    const out = clean(
      '<iframe src="https://evil.test">fallback</iframe><object data="x.swf">obj</object><embed src="x.swf"><applet code="x">app</applet>' +
        '<svg><script>alert(1)</script><text>svg</text></svg><math><mi>x</mi></math><frameset><frame src="x"></frameset><p>kept</p>',
    );
    expect(out).toBe('<p>kept</p>');
  });

  it('removes style, head, title, meta, link and base', () => {
    const out = clean(
      '<html><head><title>Secret title</title><meta http-equiv="refresh" content="0;url=https://evil.test"><link rel="stylesheet" href="https://evil.test/x.css"><base href="https://evil.test/"><style>body{display:none}</style></head><body><p>Body</p></body></html>',
    );
    expect(out).toBe('<p>Body</p>');
  });

  it('drops id, class and name attributes', () => {
    const out = clean('<div id="app" class="header" name="x"><a name="top" href="https://a.test" class="btn">a</a></div>');
    expect(out).not.toMatch(/\b(id|class|name)=/);
  });

  it('demotes headings one level so the page keeps its only h1', () => {
    expect(clean('<h1>Title</h1><h2>Sub</h2><h6>Small</h6>')).toBe('<h2>Title</h2><h3>Sub</h3><h6>Small</h6>');
  });

  it('keeps tables, lists, formatting and font attributes', () => {
    const html =
      '<table border="0" cellpadding="4" width="100%"><tr><td bgcolor="#eeeeee" colspan="2" align="center"><b>B</b><i>I</i><u>U</u></td></tr></table>' +
      '<ul><li>one</li></ul><ol start="3"><li>three</li></ol><blockquote>q</blockquote><pre>pre</pre><code>c</code><hr /><br />' +
      '<font color="#ff0000" size="2">red</font><center>c</center>';
    expect(clean(html)).toBe(html);
  });
});

describe('sanitizeMailHtml: inline styles', () => {
  it('keeps safe properties and drops the rest', () => {
    const out = clean('<p style="color: #333; font-weight: bold; text-align: center; margin: 0 10px; padding: 4px; border: 1px solid #ccc; width: 50%; max-width: 600px; line-height: 1.4; font-size: 14px; vertical-align: top; background-color: rgb(255, 255, 255)">x</p>');
    expect(out).toBe(
      '<p style="color:#333;font-weight:bold;text-align:center;margin:0 10px;padding:4px;border:1px solid #ccc;width:50%;max-width:600px;line-height:1.4;font-size:14px;vertical-align:top;background-color:rgb(255, 255, 255)">x</p>',
    );
  });

  it('strips a position:fixed overlay that would cover the app', () => {
    const out = clean('<div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:99999;display:block;background-color:white">Your session expired, log in again</div>');
    expect(out).toBe('<div style="width:100%;background-color:white">Your session expired, log in again</div>');
  });

  it('drops url(), expression() and other escapes from style', () => {
    const out = clean(
      '<div style="background:url(https://tracker.test/p.gif);background-image:url(x);color:expression(alert(1));width:calc(100% - 1px);behavior:url(x.htc);font-family:Arial, sans-serif">x</div>',
    );
    expect(out).toBe('<div style="font-family:Arial, sans-serif">x</div>');
    expect(out).not.toContain('url(');
  });

  it('rejects negative margins and huge fonts', () => {
    expect(clean('<p style="margin:-200px 0;margin-top:-50px;font-size:900px">x</p>')).toBe('<p>x</p>');
  });
});

describe('sanitizeMailHtml: images', () => {
  const img = '<p><img src="https://tracker.test/open.gif?u=1" alt="Company logo" width="1" height="1"><img src="http://x.test/a.png"></p>';

  it('blocks remote images by default, replacing and counting them', () => {
    const res = sanitizeMailHtml(img, blocked);
    expect(res.blockedImages).toBe(2);
    expect(res.html).toBe('<p><span class="blocked-image">[image: Company logo]</span><span class="blocked-image">[image]</span></p>');
    expect(res.html).not.toContain('tracker.test');
  });

  it('escapes alt text in the placeholder', () => {
    const res = sanitizeMailHtml('<img src="https://x.test/a.png" alt="<script>alert(1)</script>">', blocked);
    expect(res.html).toBe('<span class="blocked-image">[image: &lt;script&gt;alert(1)&lt;/script&gt;]</span>');
  });

  it('keeps remote images with no-referrer and lazy loading when allowed', () => {
    const res = sanitizeMailHtml(img, { showRemoteImages: true });
    expect(res.blockedImages).toBe(0);
    expect(res.html).toBe(
      '<p><img src="https://tracker.test/open.gif?u=1" alt="Company logo" width="1" height="1" referrerpolicy="no-referrer" loading="lazy" />' +
        '<img src="http://x.test/a.png" referrerpolicy="no-referrer" loading="lazy" /></p>',
    );
  });

  it('does not let a message choose its own referrer policy or srcset', () => {
    const out = clean('<img src="https://x.test/a.png" referrerpolicy="unsafe-url" srcset="https://x.test/b.png 2x">', { showRemoteImages: true });
    expect(out).toBe('<img src="https://x.test/a.png" referrerpolicy="no-referrer" loading="lazy" />');
  });

  it('rewrites cid: images via resolveCid and drops unresolved ones', () => {
    const seen: string[] = [];
    const res = sanitizeMailHtml('<img src="cid:logo@feather.test" alt="logo"><img src="CID:missing@x"><img src="cid:a%40b">', {
      showRemoteImages: false,
      resolveCid: (cid) => {
        seen.push(cid);
        return cid === 'logo@feather.test' || cid === 'a@b' ? `/mail/part?section=${encodeURIComponent(cid)}` : null;
      },
    });
    expect(seen).toEqual(['logo@feather.test', 'missing@x', 'a@b']);
    expect(res.html).toBe('<img src="/mail/part?section=logo%40feather.test" alt="logo" /><img src="/mail/part?section=a%40b" />');
    expect(res.blockedImages).toBe(0);
  });

  it('drops cid: images when there is no resolver', () => {
    expect(clean('<img src="cid:x@y">x')).toBe('x');
  });

  it('keeps raster data: images and drops svg and other data:', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(clean(`<img src="${png}">`)).toBe(`<img src="${png}" />`);
    expect(clean('<img src="data:image/svg+xml;base64,PHN2Zz4=">a')).toBe('a');
    expect(clean('<img src="data:text/html;base64,PHNjcmlwdD4=">b')).toBe('b');
    expect(clean('<img src="javascript:alert(1)">c')).toBe('c');
    expect(clean('<img src="/api/logout">d<img src="//evil.test/x.png">')).toBe('d');
  });

  it('does not load images through table backgrounds or CSS', () => {
    const out = clean('<table background="https://t.test/bg.png"><tr><td style="background-image:url(https://t.test/x.png)" background="https://t.test/y.png">x</td></tr></table>');
    expect(out).not.toContain('t.test');
  });
});

describe('sanitizeMailHtml: what a message cannot do to the page around it', () => {
  const clean = (html: string) => sanitizeMailHtml(html, { showRemoteImages: false }).html;

  it('cannot forge the blocked-image placeholder', () => {
    const out = clean('<span class="blocked-image">[image: fake]</span><span class="x">a</span>');
    expect(out).not.toContain('class=');
    expect(sanitizeMailHtml('<img src="https://e.example/a.png" alt="real">', { showRemoteImages: false }).html).toContain('class="blocked-image"');
  });

  it('cannot blow text or spacing up to screen size', () => {
    for (const style of ['font-size:99rem', 'font-size:99px', 'font-size:900%', 'padding:9999em', 'padding:9999px', 'margin:50em', 'line-height:999%', 'line-height:99']) {
      expect(clean(`<p style="${style}">x</p>`), style).not.toContain('style=');
    }
    for (const style of ['font-size:14px', 'font-size:1.2em', 'font-size:120%', 'padding:8px 12px', 'margin:0 auto', 'line-height:1.5']) {
      expect(clean(`<p style="${style}">x</p>`), style).toContain('style=');
    }
  });
});
