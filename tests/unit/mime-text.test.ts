import { describe, expect, it } from 'vitest';
import { planBody } from '@/lib/mime/plan';
import { LINK_SEARCH_BUDGET, MAX_QUOTE_DEPTH, linkSegments, textBlocks, type TextBlock, type TextSegment } from '@/lib/mime/text';

/** The blocks with each line as its plain text: quotes as nested arrays, paragraphs as arrays of lines. */
type Shape = string[] | { quote: Shape[] };
function shape(blocks: TextBlock[]): Shape[] {
  return blocks.map((b) => (b.kind === 'quote' ? { quote: shape(b.blocks) } : b.lines.map((l) => l.map((s) => s.text).join(''))));
}
const flowed = { flowed: true, delSp: false };
const flowedDelSp = { flowed: true, delSp: true };
const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

function links(blocks: TextBlock[]): Array<{ text: string; href: string }> {
  return blocks.flatMap((b) =>
    b.kind === 'quote' ? links(b.blocks) : b.lines.flat().flatMap((s: TextSegment) => (s.kind === 'link' ? [{ text: s.text, href: s.href }] : [])),
  );
}

describe('textBlocks: fixed text', () => {
  it('keeps every line as written and splits paragraphs at blank lines', () => {
    const text = 'Dear all,\n\nthe room is booked\nfrom two to four.\n\n\n  indented stays indented\nAlex\n';
    expect(shape(textBlocks(text))).toEqual([['Dear all,'], ['the room is booked', 'from two to four.'], ['  indented stays indented', 'Alex']]);
  });

  it('reads CRLF and a text without a final newline alike', () => {
    expect(shape(textBlocks('a\r\nb\r\n\r\nc'))).toEqual([['a', 'b'], ['c']]);
  });

  it('does not join lines that end in a space (only flowed text is joined)', () => {
    expect(shape(textBlocks('one \ntwo\n'))).toEqual([['one ', 'two']]);
  });

  it('nests quotes by their > marks, written together or apart', () => {
    const text = ['On Monday, Jonas wrote:', '> first level', '> > second level', '>> also second', '>third', '', 'my answer'].join('\n');
    expect(shape(textBlocks(text))).toEqual([
      ['On Monday, Jonas wrote:'],
      { quote: [['first level'], { quote: [['second level', 'also second']] }, ['third']] },
      ['my answer'],
    ]);
  });

  it('keeps one quote across a blank line, and splits its paragraphs there', () => {
    expect(shape(textBlocks('> a\n>\n> b\n\n> c\n'))).toEqual([{ quote: [['a'], ['b'], ['c']] }]);
  });

  it('opens every level for a line quoted deeper at once, and closes them when the quote ends', () => {
    expect(shape(textBlocks('>>> deep\nback\n'))).toEqual([{ quote: [{ quote: [{ quote: [['deep']] }] }] }, ['back']]);
  });

  it('nests at most MAX_QUOTE_DEPTH deep, with every > mark taken off', () => {
    let blocks = textBlocks('>'.repeat(50) + ' very deep\n');
    let depth = 0;
    while (blocks[0]?.kind === 'quote') {
      blocks = blocks[0].blocks;
      depth++;
    }
    expect(depth).toBe(MAX_QUOTE_DEPTH);
    expect(shape(blocks)).toEqual([['very deep']]);
  });

  it('gives nothing for an empty or blank text', () => {
    expect(textBlocks('')).toEqual([]);
    expect(textBlocks('\n \n\t\n')).toEqual([]);
  });
});

describe('textBlocks: format=flowed (RFC 3676)', () => {
  it('joins lines ending in a space with the next one into one line (DelSp=no keeps the space)', () => {
    const text = crlf(['Hi Sam,', '', 'this paragraph was ', 'wrapped by the sender ', 'at 72 columns.', 'A fixed line.']);
    expect(shape(textBlocks(text, flowed))).toEqual([['Hi Sam,'], ['this paragraph was wrapped by the sender at 72 columns.', 'A fixed line.']]);
  });

  it('drops the space of each soft break with DelSp=yes', () => {
    // DelSp=yes lets a sender break inside a word (languages without spaces): the space is no part of the text.
    const text = crlf(['Donaudampf ', 'schifffahrt and ', '日本語の ', '文章']);
    expect(shape(textBlocks(text, flowedDelSp))).toEqual([['Donaudampfschifffahrt and日本語の文章']]);
    expect(shape(textBlocks(text, flowed))).toEqual([['Donaudampf schifffahrt and 日本語の 文章']]);
  });

  it('removes space-stuffing (one leading space) and keeps what follows it', () => {
    const text = crlf([' From the minutes: ', 'all agreed.', ' >not a quote', '   two spaces of indent']);
    expect(shape(textBlocks(text, flowed))).toEqual([['From the minutes: all agreed.', '>not a quote', '  two spaces of indent']]);
    // Fixed text is not space-stuffed: its leading spaces are the sender's.
    expect(shape(textBlocks(' From here', { flowed: false, delSp: false }))).toEqual([[' From here']]);
  });

  it('never flows the signature separator "-- ", and does not join the line before it to it', () => {
    const text = crlf(['Thanks for reading ', '-- ', 'Sam ', 'Student office']);
    expect(shape(textBlocks(text, flowed))).toEqual([['Thanks for reading ', '-- ', 'Sam Student office']]);
    // Quoted, it is the separator as well.
    expect(shape(textBlocks(crlf(['> bye ', '> -- ', '> Jonas']), flowed))).toEqual([{ quote: [['bye ', '-- ', 'Jonas']] }]);
  });

  it('joins quoted lines of the same depth, taking off the marks and the stuffed space', () => {
    const text = crlf(['> Could you read the ', '> draft by Thursday?', '>> Is the lab ', '>> free?', '> ', '> Yes.']);
    expect(shape(textBlocks(text, flowed))).toEqual([{ quote: [['Could you read the draft by Thursday?'], { quote: [['Is the lab free?']] }, ['Yes.']] }]);
  });

  it('never joins lines of different quote depth: a flowed line followed by another depth ends there', () => {
    const text = crlf(['> quoted and flowed ', 'my own text ', 'goes on', '>> deeper ', '> shallower']);
    expect(shape(textBlocks(text, flowed))).toEqual([
      { quote: [['quoted and flowed ']] },
      ['my own text goes on'],
      { quote: [{ quote: [['deeper ']] }, ['shallower']] },
    ]);
  });

  it('ends a paragraph at a blank line, also one a soft break led to', () => {
    // "a " flows into the empty line: the paragraph line is "a " and the next paragraph starts after it.
    expect(shape(textBlocks(crlf(['a ', '', 'b']), flowed))).toEqual([['a '], ['b']]);
  });

  it('keeps a flowed last line (a truncated body) as it is', () => {
    expect(shape(textBlocks('first half of a ', flowed))).toEqual([['first half of a ']]);
  });
});

describe('links', () => {
  it('finds http and https URLs, with the text around them kept', () => {
    expect(linkSegments('see https://example.com/a?b=1&c=2. and (http://x.org/p) ok')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1&c=2', href: 'https://example.com/a?b=1&c=2' },
      { kind: 'text', text: '. and (' },
      { kind: 'link', text: 'http://x.org/p', href: 'http://x.org/p' },
      { kind: 'text', text: ') ok' },
    ]);
  });

  it('links e-mail addresses as mailto:, and mailto: URLs', () => {
    expect(linkSegments('write to lab-office@uni.example.edu today')).toEqual([
      { kind: 'text', text: 'write to ' },
      { kind: 'link', text: 'lab-office@uni.example.edu', href: 'mailto:lab-office@uni.example.edu' },
      { kind: 'text', text: ' today' },
    ]);
    expect(linkSegments('<mailto:list@example.org?subject=unsubscribe>')[1]).toEqual({
      kind: 'link',
      text: 'mailto:list@example.org?subject=unsubscribe',
      href: 'mailto:list@example.org?subject=unsubscribe',
    });
  });

  it('links www. hosts, but not a bare name.tld (file names are more likely)', () => {
    expect(linkSegments('at www.example.org now')[1]).toEqual({ kind: 'link', text: 'www.example.org', href: 'http://www.example.org/' });
    expect(linkSegments('see notes.md and main.py')).toEqual([{ kind: 'text', text: 'see notes.md and main.py' }]);
  });

  it('never links javascript:, data:, file: or ftp: text', () => {
    for (const text of ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', 'javascript://example.com/%0aalert(1)', 'data:text/html,<b>hi</b>', 'file:///etc/passwd', 'ftp://ftp.example.org/pub', 'vbscript:msgbox']) {
      expect(linkSegments(text).filter((s) => s.kind === 'link'), text).toEqual([]);
      expect(linkSegments(text).map((s) => s.text).join(''), text).toBe(text);
    }
  });

  it('keeps text with emoji and combining marks intact around a link', () => {
    const line = '🪶📬 e\u0301 https://x.org/🪶 and a@b.org';
    const segments = linkSegments(line);
    expect(segments.map((s) => s.text).join('')).toBe(line);
    expect(segments.filter((s) => s.kind === 'link').map((s) => s.text)).toEqual(['https://x.org/🪶', 'a@b.org']);
  });

  it('are found in the lines of blocks, quoted ones too', () => {
    const text = crlf(['My comments are in ', 'https://docs.example.edu/feather/draft-3 (campus only).', '> Mail me: priya@lab.example.edu']);
    expect(links(textBlocks(text, flowed))).toEqual([
      { text: 'https://docs.example.edu/feather/draft-3', href: 'https://docs.example.edu/feather/draft-3' },
      { text: 'priya@lab.example.edu', href: 'mailto:priya@lab.example.edu' },
    ]);
  });
});

describe('bounds', () => {
  it('lays out a 2 MB body of quotes, flowed lines and link-like text, and stops looking for links at its budget', () => {
    const unit = ['> Quoted text with https://example.com/x and a@b.org ', '>> deeper ', '>>>>>>>>>>>>>>>>>>>>>>>> x@x@x@x@x ', 'plain text line', ''];
    const lines: string[] = [];
    for (let size = 0; size < 2 * 1024 * 1024; size += unit.join('\r\n').length) lines.push(...unit);
    const blocks = textBlocks(crlf(lines), flowed);
    const found = links(blocks);
    expect(found.length).toBeGreaterThan(100);
    // Only lines within the budget were searched: about LINK_SEARCH_BUDGET characters of the 2 MB.
    expect(found.length).toBeLessThan((2 * LINK_SEARCH_BUDGET) / unit[0].length);
    expect(JSON.stringify(blocks)).toContain('plain text line');
  });

  it('does not search a line longer than the limit for links, and still shows it whole', () => {
    const line = 'https://example.com/ ' + 'x@'.repeat(40_000);
    const blocks = textBlocks(line);
    expect(links(blocks)).toEqual([]);
    expect(shape(blocks)).toEqual([[line]]);
  });
});

describe('planBody: the text part says whether it is flowed', () => {
  it('carries format=flowed and DelSp=yes from the Content-Type parameters of a text/plain body', () => {
    const flowedPart = planBody({ type: 'text/plain', parameters: { charset: 'utf-8', format: 'Flowed', delsp: 'Yes' } }, { preferText: true });
    expect(flowedPart.body?.flowed).toEqual({ delSp: true });
    expect(planBody({ type: 'text/plain', parameters: { format: 'flowed' } }, { preferText: true }).body?.flowed).toEqual({ delSp: false });
    expect(planBody({ type: 'text/plain', parameters: { format: 'fixed' } }, { preferText: true }).body?.flowed).toBeUndefined();
    expect(planBody({ type: 'text/html', parameters: { format: 'flowed' } }, { preferText: false }).body?.flowed).toBeUndefined();
  });
});
