import type { BodyView, TextBlock, TextSegment } from '@/lib/mail';

/**
 * A paragraph's content, flat: text as strings, links as <a>, a <br> between the sender's lines. (Flat, with no
 * wrapper per line or per segment, because the page's hydration data repeats every element: a long text stays
 * about its own size.) Links open apart from the mail page and tell the site nothing of it.
 */
function paragraphContent(lines: TextSegment[][]): React.ReactNode[] {
  const out: React.ReactNode[] = [];
  lines.forEach((line, j) => {
    if (j > 0) out.push(<br key={`b${j}`} />);
    line.forEach((s, i) =>
      out.push(
        s.kind === 'link' ? (
          <a key={`a${j}.${i}`} href={s.href} target="_blank" rel="noopener noreferrer" className="underline">
            {s.text}
          </a>
        ) : (
          s.text
        ),
      ),
    );
  });
  return out;
}

/**
 * Paragraphs as <p> with <br> between the sender's lines (a flowed paragraph is one line), quotes as nested
 * <blockquote>: every browser, w3m and lynx included, wraps that at its own width, where a <pre> would not.
 */
function Blocks({ blocks }: { blocks: TextBlock[] }) {
  return blocks.map((b, i) =>
    b.kind === 'quote' ? (
      <blockquote key={i} className="my-2 border-l-4 border-line pl-3 text-muted">
        <Blocks blocks={b.blocks} />
      </blockquote>
    ) : (
      <p key={i}>{paragraphContent(b.lines)}</p>
    ),
  );
}

/**
 * The shown body, in one region named "Message body" (or `label` for a forwarded message).
 * Plain text reads in the system's proportional font, lines at most about 75 characters wide; `monospace` (the
 * user's preference) shows it in a fixed-width font with every space kept (pre-wrap: tables and ASCII art line up).
 * Both wrap at the window.
 * The only place the app inserts HTML: it comes from lib/mime/sanitize, never from the message directly.
 */
export function MessageBody({ body, label = 'Message body', monospace = false }: { body: BodyView; label?: string; monospace?: boolean }) {
  if (body.kind === 'none') {
    return (
      <section aria-label={label} className="message-body">
        <p className="italic">This message has no text to show. Its parts are listed as attachments.</p>
      </section>
    );
  }
  if (body.kind === 'text') {
    const font = monospace ? 'mail-text-mono whitespace-pre-wrap font-mono text-sm leading-normal' : 'mail-text-proportional max-w-[75ch] font-sans leading-relaxed';
    return (
      <section aria-label={label} className={`message-body mail-text ${font} break-words [&_p]:my-3 [&_p:first-child]:mt-0 [&_p:last-child]:mb-0`}>
        <Blocks blocks={body.blocks} />
      </section>
    );
  }
  return <section aria-label={label} className="message-body mail-html" dangerouslySetInnerHTML={{ __html: body.content }} />;
}
