import type { BodyView } from '@/lib/mail';

/**
 * The shown body, in one region named "Message body" (or `label` for a forwarded message).
 * The only place the app inserts HTML: it comes from lib/mime/sanitize, never from the message directly.
 */
export function MessageBody({ body, label = 'Message body' }: { body: BodyView; label?: string }) {
  if (body.kind === 'none') {
    return (
      <section aria-label={label} className="message-body">
        <p className="italic">This message has no text to show. Its parts are listed as attachments.</p>
      </section>
    );
  }
  if (body.kind === 'text') {
    return (
      <section aria-label={label} className="message-body">
        <pre className="whitespace-pre-wrap break-words font-mono text-sm">{body.content}</pre>
      </section>
    );
  }
  return <section aria-label={label} className="message-body mail-html" dangerouslySetInnerHTML={{ __html: body.content }} />;
}
