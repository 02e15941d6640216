import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BodyPlan, MimeNode } from '@/lib/mime/types';
import { attachmentMark, findPart, findPartByContentId, planBody, MAX_PARTS } from '@/lib/mime/plan';

function fixture(name: string): MimeNode {
  return JSON.parse(readFileSync(path.join(__dirname, '../fixtures/mime', `${name}.json`), 'utf8')) as MimeNode;
}

/** Every section a plan mentions, embedded plans included. */
function sectionsOf(plan: BodyPlan): string[] {
  return [
    ...(plan.body ? [plan.body.section] : []),
    ...(plan.alternative ? [plan.alternative.section] : []),
    ...plan.attachments.map((a) => a.section),
    ...plan.embedded.flatMap((e) => [e.section, ...sectionsOf(e.plan)]),
  ];
}

describe('planBody: single part', () => {
  it('plans a plain single-part message as section "1"', () => {
    const plan = planBody(fixture('plain'), { preferText: false });
    expect(plan.body).toEqual({ section: '1', type: 'text/plain', charset: 'utf-8', encoding: 'quoted-printable', size: 1234, flowed: { delSp: false } });
    expect(plan.alternative).toBeNull();
    expect(plan.attachments).toEqual([]);
    expect(plan.embedded).toEqual([]);
  });

  it('shows an html-only message as html, whatever the preference', () => {
    for (const preferText of [false, true]) {
      const plan = planBody(fixture('html-only'), { preferText });
      expect(plan.body).toMatchObject({ section: '1', type: 'text/html', charset: 'windows-1252' });
      expect(plan.alternative).toBeNull();
    }
  });

  it('offers an attachment-only message for download with no body', () => {
    const plan = planBody(fixture('attachment-only'), { preferText: false });
    expect(plan.body).toBeNull();
    expect(plan.attachments).toEqual([
      { section: '1', filename: 'scan.pdf', type: 'application/pdf', size: 102400, inline: false },
    ]);
    expect(attachmentMark(fixture('attachment-only'))).toBe(true);
  });

  it('defaults charset and encoding when the structure omits them', () => {
    const plan = planBody({ type: 'text/plain' }, { preferText: false });
    expect(plan.body).toEqual({ section: '1', type: 'text/plain', charset: 'us-ascii', encoding: '7bit', size: 0 });
  });
});

describe('planBody: multipart/alternative', () => {
  it('chooses html and keeps text as the alternative by default', () => {
    const plan = planBody(fixture('alternative'), { preferText: false });
    expect(plan.body).toMatchObject({ section: '2', type: 'text/html', encoding: 'base64' });
    expect(plan.alternative).toMatchObject({ section: '1', type: 'text/plain', charset: 'iso-8859-1' });
    expect(plan.attachments).toEqual([]);
  });

  it('chooses text when preferText, html becomes the alternative', () => {
    const plan = planBody(fixture('alternative'), { preferText: true });
    expect(plan.body).toMatchObject({ section: '1', type: 'text/plain' });
    expect(plan.alternative).toMatchObject({ section: '2', type: 'text/html' });
  });

  it('picks html from text+html+calendar and offers the calendar as a file', () => {
    const plan = planBody(fixture('alternative-calendar'), { preferText: false });
    expect(plan.body).toMatchObject({ section: '2', type: 'text/html' });
    expect(plan.alternative).toMatchObject({ section: '1', type: 'text/plain' });
    expect(plan.attachments).toEqual([
      { section: '3', filename: 'part-3.ics', type: 'text/calendar', size: 1500, inline: false },
    ]);
  });

  it('takes the last alternative of a kind (RFC 2046 order)', () => {
    const root: MimeNode = {
      type: 'multipart/alternative',
      childNodes: [
        { type: 'text/html', parameters: { charset: 'us-ascii' } },
        { type: 'text/plain' },
        { type: 'text/html', parameters: { charset: 'utf-8' } },
      ],
    };
    expect(planBody(root, { preferText: false }).body).toMatchObject({ section: '3', charset: 'utf-8' });
  });

  it('counts related(html + cid images) as html, images are inline resources', () => {
    const root = fixture('alternative-related');
    const plan = planBody(root, { preferText: false });
    expect(plan.body).toMatchObject({ section: '2.1', type: 'text/html' });
    expect(plan.alternative).toMatchObject({ section: '1', type: 'text/plain' });
    expect(plan.attachments).toEqual([
      { section: '2.2', filename: 'logo.png', type: 'image/png', size: 6000, contentId: 'logo@feather.test', inline: true },
      { section: '2.3', filename: 'part-2.3.gif', type: 'image/gif', size: 60, contentId: 'spacer@feather.test', inline: true },
    ]);
    expect(attachmentMark(root)).toBe(false);
  });

  it('with preferText still keeps the html alternative and its cid images resolvable', () => {
    const plan = planBody(fixture('alternative-related'), { preferText: true });
    expect(plan.body).toMatchObject({ section: '1', type: 'text/plain' });
    expect(plan.alternative).toMatchObject({ section: '2.1', type: 'text/html' });
    expect(findPartByContentId(plan, 'cid:logo@feather.test')?.section).toBe('2.2');
  });
});

describe('planBody: multipart/related', () => {
  it('uses the start parameter to find the root', () => {
    const plan = planBody(fixture('related-start'), { preferText: false });
    expect(plan.body).toMatchObject({ section: '2', type: 'text/html' });
    expect(plan.attachments).toEqual([
      { section: '1', filename: 'part-1.jpeg', type: 'image/jpeg', size: 8000, contentId: 'pic@feather.test', inline: true },
    ]);
  });

  it('falls back to the first child without a start parameter', () => {
    const root: MimeNode = {
      type: 'multipart/related',
      childNodes: [
        { type: 'text/html' },
        { type: 'image/png', id: 'a@b' },
        { type: 'application/zip', dispositionParameters: { filename: 'x.zip' } },
      ],
    };
    const plan = planBody(root, { preferText: false });
    expect(plan.body?.section).toBe('1');
    expect(plan.attachments.map((a) => [a.section, a.inline])).toEqual([
      ['2', true],
      ['3', false], // no Content-ID: cannot be referenced, so an ordinary attachment
    ]);
    expect(attachmentMark(root)).toBe(true);
  });
});

describe('planBody: multipart/mixed with a forwarded message', () => {
  const root = fixture('mixed-full');
  const plan = planBody(root, { preferText: false });

  it('shows the first text part', () => {
    expect(plan.body).toMatchObject({ section: '1', type: 'text/plain' });
    expect(plan.alternative).toBeNull();
  });

  it('lists the pdf and the message/rfc822 as attachments', () => {
    expect(plan.attachments).toEqual([
      { section: '2', filename: 'Rechnung März.pdf', type: 'application/pdf', size: 204800, inline: false },
      { section: '3', filename: 'Fwd_ plans for Q3.eml', type: 'message/rfc822', size: 90000, inline: false },
    ]);
    expect(attachmentMark(root)).toBe(true);
  });

  it('plans the embedded message with its own section prefix', () => {
    expect(plan.embedded).toHaveLength(1);
    const e = plan.embedded[0];
    expect(e).toMatchObject({ section: '3', subject: 'Fwd: plans for Q3', from: 'Ada <ada@example.org>', date: '2024-05-01T10:00:00.000Z' });
    expect(e.plan.body).toMatchObject({ section: '3.1.2', type: 'text/html' });
    expect(e.plan.alternative).toMatchObject({ section: '3.1.1', type: 'text/plain' });
    expect(e.plan.attachments).toEqual([
      { section: '3.2', filename: 'photo.jpg', type: 'image/jpeg', size: 50000, inline: false },
    ]);
    // The embedded message's own attachments stay in its plan, not the outer one.
    expect(plan.attachments.map((a) => a.section)).not.toContain('3.2');
  });

  it('honours preferText inside the embedded message too', () => {
    const textPlan = planBody(root, { preferText: true });
    expect(textPlan.embedded[0].plan.body?.section).toBe('3.1.1');
  });

  it('numbers a single-part embedded body as <section>.1 and names the .eml safely', () => {
    const single = planBody(fixture('embedded-single'), { preferText: false });
    expect(single.body).toMatchObject({ section: '1', type: 'text/html' });
    expect(single.attachments).toEqual([
      { section: '2', filename: 'Re_ a_b _ c_ report.eml', type: 'message/rfc822', size: 1200, inline: false },
    ]);
    expect(single.embedded[0].plan.body).toMatchObject({ section: '2.1', type: 'text/plain', charset: 'iso-8859-1' });
  });

  it('names an embedded message without subject by its section', () => {
    const p = planBody({ type: 'multipart/mixed', childNodes: [{ type: 'text/plain' }, { type: 'message/rfc822' }] }, { preferText: false });
    expect(p.attachments[0]).toMatchObject({ section: '2', filename: 'part-2.eml' });
    expect(p.embedded).toEqual([]); // no structure for it, nothing to plan
  });
});

describe('planBody: mixed with several text parts', () => {
  const root = fixture('mixed-two-texts');
  const plan = planBody(root, { preferText: false });

  it('shows the first and offers the later ones as attachments', () => {
    expect(plan.body?.section).toBe('1');
    expect(plan.attachments.map((a) => [a.section, a.filename, a.inline])).toEqual([
      ['2', 'part-2.txt', false],
      ['3', 'notes.txt', false],
    ]);
  });

  it('counts the named text attachment for the paperclip but not an unnamed inline footer', () => {
    expect(attachmentMark(root)).toBe(true);
    const footerOnly: MimeNode = { type: 'multipart/mixed', childNodes: [root.childNodes![0], root.childNodes![1]] };
    expect(planBody(footerOnly, { preferText: false }).attachments).toHaveLength(1);
    expect(attachmentMark(footerOnly)).toBe(false);
  });

  it('skips a text part marked as attachment when looking for the body', () => {
    const p = planBody(
      { type: 'multipart/mixed', childNodes: [{ type: 'text/plain', disposition: 'attachment' }, { type: 'text/html' }] },
      { preferText: false },
    );
    expect(p.body?.section).toBe('2');
    expect(p.attachments.map((a) => a.filename)).toEqual(['part-1.txt']);
  });
});

describe('planBody: signatures and marks', () => {
  it('does not count a PGP signature as an attachment for the paperclip', () => {
    const root = fixture('signed');
    const plan = planBody(root, { preferText: false });
    expect(plan.body?.section).toBe('1');
    expect(plan.attachments.map((a) => a.filename)).toEqual(['signature.asc']);
    expect(attachmentMark(root)).toBe(false);
  });

  it('has no mark for plain and alternative messages', () => {
    expect(attachmentMark(fixture('plain'))).toBe(false);
    expect(attachmentMark(fixture('alternative'))).toBe(false);
  });
});

describe('planBody: filenames', () => {
  it('prefers disposition filename over name, and strips path tricks', () => {
    const p = planBody(
      {
        type: 'multipart/mixed',
        childNodes: [
          { type: 'text/plain' },
          { type: 'application/octet-stream', parameters: { name: 'ct-name.bin' }, dispositionParameters: { filename: '../../etc/passwd' } },
          { type: 'application/zip', parameters: { name: 'archive.zip' } },
          { type: 'application/x-made-up' },
        ],
      },
      { preferText: false },
    );
    expect(p.attachments.map((a) => a.filename)).toEqual(['_.._etc_passwd', 'archive.zip', 'part-4.bin']);
  });
});

describe('findPart / findPartByContentId', () => {
  it('finds every section a plan offers, with matching types', () => {
    for (const name of ['plain', 'alternative', 'alternative-related', 'mixed-full', 'embedded-single', 'related-start', 'attachment-only']) {
      const root = fixture(name);
      const plan = planBody(root, { preferText: false });
      const all = sectionsOf(plan);
      expect(all.length).toBeGreaterThan(0);
      for (const s of all) expect(findPart(root, s), `${name} ${s}`).toBeDefined();
      if (plan.body) expect(findPart(root, plan.body.section)?.type).toBe(plan.body.type);
      for (const a of plan.attachments) expect(findPart(root, a.section)?.type).toBe(a.type);
    }
  });

  it('walks into message/rfc822 bodies', () => {
    const root = fixture('mixed-full');
    expect(findPart(root, '3')?.type).toBe('message/rfc822');
    expect(findPart(root, '3.1')?.type).toBe('multipart/alternative');
    expect(findPart(root, '3.1.2')?.type).toBe('text/html');
    expect(findPart(fixture('embedded-single'), '2.1')?.type).toBe('text/plain');
  });

  it('rejects sections that do not exist or are malformed', () => {
    const root = fixture('mixed-full');
    for (const s of ['', '0', '4', '1.1', '2.1', '3.3', '3.1.3', 'a', '1..2', '-1', '1.', '3.1.2.1', '1'.repeat(20)]) {
      expect(findPart(root, s), s).toBeUndefined();
    }
    expect(findPart(fixture('plain'), '1')?.type).toBe('text/plain');
    expect(findPart(fixture('plain'), '2')).toBeUndefined();
    expect(findPart(fixture('plain'), '1.1')).toBeUndefined();
  });

  it('matches content ids in the forms HTML uses', () => {
    const plan = planBody(fixture('alternative-related'), { preferText: false });
    expect(findPartByContentId(plan, 'logo@feather.test')?.section).toBe('2.2');
    expect(findPartByContentId(plan, '<logo@feather.test>')?.section).toBe('2.2');
    expect(findPartByContentId(plan, 'cid:logo%40feather.test')?.section).toBe('2.2');
    expect(findPartByContentId(plan, 'CID:LOGO@feather.test')?.section).toBe('2.2');
    expect(findPartByContentId(plan, 'nope@feather.test')).toBeUndefined();
    expect(findPartByContentId(plan, '')).toBeUndefined();
  });
});

describe('planBody: hostile trees', () => {
  it('survives nesting 200 levels deep, offering only what is within the depth limit', () => {
    // mixed → mixed → … → text/plain; every level also carries an attachment.
    let node: MimeNode = { type: 'text/plain' };
    for (let i = 0; i < 200; i++) {
      node = { type: 'multipart/mixed', childNodes: [node, { type: 'application/octet-stream' }] };
    }
    const plan = planBody(node, { preferText: false });
    // The text sits at depth 200, past the limit: not offered.
    expect(plan.body).toBeNull();
    expect(plan.attachments.length).toBeGreaterThan(0);
    expect(plan.attachments.length).toBeLessThanOrEqual(60);
    for (const a of plan.attachments) expect(a.section.split('.').length).toBeLessThanOrEqual(51);
    expect(() => attachmentMark(node)).not.toThrow();
    expect(findPart(node, Array(200).fill('1').join('.'))).toBeUndefined();
  });

  it('survives a nest of message/rfc822 200 deep', () => {
    let node: MimeNode = { type: 'text/plain' };
    for (let i = 0; i < 200; i++) node = { type: 'message/rfc822', childNodes: [node] };
    const plan = planBody(node, { preferText: false });
    let depth = 0;
    for (let p: BodyPlan | undefined = plan; p; p = p.embedded[0]?.plan) depth++;
    expect(depth).toBeGreaterThan(1);
    expect(depth).toBeLessThanOrEqual(52);
  });

  it('bounds a message with 2,000 parts', () => {
    const root: MimeNode = {
      type: 'multipart/mixed',
      childNodes: [{ type: 'text/plain' }, ...Array.from({ length: 1999 }, (_, i) => ({ type: 'image/png', id: `i${i}@x` }))],
    };
    const plan = planBody(root, { preferText: false });
    expect(plan.body?.section).toBe('1');
    expect(plan.attachments.length).toBeGreaterThan(100);
    expect(plan.attachments.length).toBeLessThan(MAX_PARTS);
    expect(attachmentMark(root)).toBe(true);
  });

  it('bounds 2,000 parts spread over embedded messages (one budget per message)', () => {
    const leafs = (n: number): MimeNode[] => Array.from({ length: n }, () => ({ type: 'application/pdf' }));
    const root: MimeNode = {
      type: 'multipart/mixed',
      childNodes: Array.from({ length: 20 }, () => ({
        type: 'message/rfc822',
        childNodes: [{ type: 'multipart/mixed', childNodes: [{ type: 'text/plain' }, ...leafs(99)] }],
      })),
    };
    const plan = planBody(root, { preferText: false });
    const count = (p: BodyPlan): number => 1 + p.attachments.length + p.embedded.reduce((s, e) => s + count(e.plan), 0);
    expect(count(plan)).toBeLessThanOrEqual(MAX_PARTS + 1);
    expect(plan.embedded.length).toBeGreaterThan(0);
  });

  it('does not throw on malformed nodes', () => {
    const junk = { type: '', childNodes: 'nope' } as unknown as MimeNode;
    expect(planBody(junk, { preferText: false }).attachments[0]).toMatchObject({ section: '1', type: 'application/octet-stream' });
    const emptyMultipart: MimeNode = { type: 'multipart/mixed' };
    expect(planBody(emptyMultipart, { preferText: false })).toEqual({ body: null, alternative: null, attachments: [], embedded: [] });
  });
});

describe('planBody: a named inline text before the real body', () => {
  // mixed[ text/plain "notes.txt" (inline), alternative(text/plain, text/html) ]
  const root: MimeNode = {
    type: 'multipart/mixed',
    childNodes: [
      { type: 'text/plain', parameters: { charset: 'utf-8', name: 'notes.txt' }, disposition: 'inline', dispositionParameters: { filename: 'notes.txt' }, encoding: '7bit', size: 40 },
      {
        type: 'multipart/alternative',
        childNodes: [
          { type: 'text/plain', parameters: { charset: 'utf-8' }, encoding: '7bit', size: 100 },
          { type: 'text/html', parameters: { charset: 'utf-8' }, encoding: '7bit', size: 300 },
        ],
      },
    ],
  };

  it('shows the unnamed alternative as the body and lists the named file', () => {
    const plan = planBody(root, { preferText: false });
    expect(plan.body?.section).toBe('2.2');
    expect(plan.alternative?.section).toBe('2.1');
    expect(plan.attachments.map((a) => a.filename)).toContain('notes.txt');
    expect(planBody(root, { preferText: true }).body?.section).toBe('2.1');
  });

  it('keeps both versions of a body that is not shown reachable as attachments', () => {
    const twoAlternatives: MimeNode = { type: 'multipart/mixed', childNodes: [root.childNodes![1], { ...root.childNodes![1] }] };
    const sections = planBody(twoAlternatives, { preferText: false }).attachments.map((a) => a.section);
    // sections follow position (RFC 3501): the second alternative is section 2
    expect(sections).toEqual(expect.arrayContaining(['2.1', '2.2']));
  });
});
