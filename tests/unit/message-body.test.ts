import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MessageBody } from '@/components/MessageBody';
import type { BodyView } from '@/lib/mail';
import { textBlocks } from '@/lib/mime/text';

function textBody(text: string, flowed = false): BodyView {
  return { kind: 'text', content: text, blocks: textBlocks(text, { flowed, delSp: false }), truncated: false, blockedImages: 0 };
}
const render = (body: BodyView, monospace?: boolean) => renderToStaticMarkup(createElement(MessageBody, { body, monospace }));

describe('MessageBody: plain text', () => {
  it('writes paragraphs as <p> with <br> between the lines, never a <pre>', () => {
    const html = render(textBody('Dear all,\n\nfirst line\nsecond line\n'));
    expect(html).toContain('><p>Dear all,</p><p>first line<br/>second line</p></section>');
    expect(html).not.toContain('<pre');
  });

  it('writes quotes as nested <blockquote>', () => {
    const html = render(textBody('> outer\n>> inner\n'));
    expect(html).toMatch(/<blockquote[^>]*><p[^>]*>outer<\/p><blockquote[^>]*><p[^>]*>inner<\/p><\/blockquote><\/blockquote>/);
  });

  it('writes links with rel="noopener noreferrer" and escapes the text around them', () => {
    const html = render(textBody('<b>see</b> https://example.com/?a=1&b=2 or javascript:alert(1)'));
    expect(html).toContain('&lt;b&gt;see&lt;/b&gt; <a href="https://example.com/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer"');
    expect(html).toContain('>https://example.com/?a=1&amp;b=2</a> or javascript:alert(1)</p>');
    expect(html).not.toContain('href="javascript');
  });

  it('keeps the region and its class, proportional by default and monospace (spaces kept) when asked', () => {
    const classes = (html: string) => /^<section aria-label="Message body" class="([^"]*)"/.exec(html)?.[1].split(' ') ?? [];
    const body = textBody('a  b');
    expect(classes(render(body))).toEqual(expect.arrayContaining(['message-body', 'font-sans', 'max-w-[75ch]']));
    expect(classes(render(body))).not.toEqual(expect.arrayContaining(['font-mono']));
    expect(classes(render(body))).not.toEqual(expect.arrayContaining(['whitespace-pre-wrap']));
    expect(classes(render(body, true))).toEqual(expect.arrayContaining(['message-body', 'font-mono', 'whitespace-pre-wrap']));
    expect(classes(render(body, true))).not.toEqual(expect.arrayContaining(['font-sans']));
  });

  it('leaves the HTML branch as it was', () => {
    const html = render({ kind: 'html', content: '<p>hi</p>', truncated: false, blockedImages: 0 });
    expect(html).toBe('<section aria-label="Message body" class="message-body mail-html"><p>hi</p></section>');
  });
});
