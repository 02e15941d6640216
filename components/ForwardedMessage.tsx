import type { AttachmentRef, EmbeddedView } from '@/lib/mail';
import { AttachmentList } from './AttachmentList';
import { HeaderFields } from './HeaderFields';
import { MessageBody } from './MessageBody';

/**
 * A message forwarded inside the shown one (message/rfc822): its sender and date (laid out, and the date written,
 * as the message's own), its text and its attachments.
 */
export function ForwardedMessage({ message: e, hrefFor, monospace = false }: { message: EmbeddedView; hrefFor: (a: AttachmentRef) => string; monospace?: boolean }) {
  const subject = e.subject ?? '(no subject)';
  return (
    <section aria-label={`Forwarded message: ${subject}`} className="my-4 border-l-4 border-line pl-3">
      <h2 className="font-bold">Forwarded message: {subject}</h2>
      <HeaderFields from={e.from} date={e.date} />
      <MessageBody body={e.body} label={`Forwarded message body: ${subject}`} monospace={monospace} />
      <AttachmentList attachments={e.attachments} hrefFor={hrefFor} label="Attachments of the forwarded message" />
    </section>
  );
}
